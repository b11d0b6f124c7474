package org.estimator.issue;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import org.estimator.group.EstimationGroup;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A story or ticket a group sizes. */
@Entity
@Table(name = "issue")
public class Issue {

    /** OPEN: estimates are being given; REVEALED: open-mode cards are shown; LOCKED: final. */
    public enum State { OPEN, REVEALED, LOCKED }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "group_id", nullable = false)
    private EstimationGroup group;

    @Column(name = "story_ref", nullable = false, length = 32)
    private String storyRef;

    @Column(nullable = false, length = 1000)
    private String description;

    @Enumerated(EnumType.STRING)
    @JdbcTypeCode(SqlTypes.VARCHAR)
    @Column(nullable = false, length = 16)
    private State state;

    @Column(name = "final_estimate", length = 16)
    private String finalEstimate;

    @Column(name = "sort_order", nullable = false)
    private int sortOrder;

    @Column(name = "round_no", nullable = false)
    private int round;

    @Column(name = "timer_ends_at")
    private Long timerEndsAt;

    /** The reveal style the round's first card was given under; null while the round has no card. */
    @Enumerated(EnumType.STRING)
    @JdbcTypeCode(SqlTypes.VARCHAR)
    @Column(name = "round_reveal_mode", length = 16)
    private EstimationGroup.RevealMode roundRevealMode;

    @Column(name = "created_at", nullable = false)
    private long createdAt;

    @Column(name = "updated_at", nullable = false)
    private long updatedAt;

    protected Issue() {
    }

    public Issue(EstimationGroup group, String storyRef, String description, int sortOrder, long now) {
        this.group = group;
        this.storyRef = storyRef;
        this.description = description;
        this.state = State.OPEN;
        this.sortOrder = sortOrder;
        this.round = 1;
        this.createdAt = now;
        this.updatedAt = now;
    }

    public Long id() {
        return id;
    }

    public EstimationGroup group() {
        return group;
    }

    public String storyRef() {
        return storyRef;
    }

    public String description() {
        return description;
    }

    public State state() {
        return state;
    }

    public String finalEstimate() {
        return finalEstimate;
    }

    public int sortOrder() {
        return sortOrder;
    }

    public int round() {
        return round;
    }

    public Long timerEndsAt() {
        return timerEndsAt;
    }

    /**
     * The reveal style this round is held in. A round's style is fixed by its first card; after that
     * a change of the group's style can only make it more private, never less: cards given under the
     * anonymous promise are never shown by name. A round without a card follows the group.
     */
    public EstimationGroup.RevealMode revealMode(EstimationGroup.RevealMode groupMode) {
        return revealMode(roundRevealMode, groupMode);
    }

    /** The rule of {@link #revealMode(EstimationGroup.RevealMode)}, for a round read without its entity. */
    public static EstimationGroup.RevealMode revealMode(EstimationGroup.RevealMode round, EstimationGroup.RevealMode group) {
        if (round == null) {
            return group;
        }
        return round == EstimationGroup.RevealMode.OPEN && group == EstimationGroup.RevealMode.OPEN
                ? EstimationGroup.RevealMode.OPEN : EstimationGroup.RevealMode.ANONYMOUS;
    }

    void edit(String storyRef, String description, long now) {
        this.storyRef = storyRef;
        this.description = description;
        this.updatedAt = now;
    }

    void sortOrder(int sortOrder) {
        this.sortOrder = sortOrder;
    }

    /** Closes the round: the final estimate is kept (its individual estimates are deleted by the caller). */
    public void lock(String finalEstimate, long now) {
        this.state = State.LOCKED;
        this.finalEstimate = finalEstimate;
        this.timerEndsAt = null;
        this.roundRevealMode = null;
        this.updatedAt = now;
    }

    public void reveal(long now) {
        this.state = State.REVEALED;
        this.timerEndsAt = null;
        this.updatedAt = now;
    }

    /** A new round: open again, no final estimate, no timer. */
    public void restart(long now) {
        this.state = State.OPEN;
        this.finalEstimate = null;
        this.timerEndsAt = null;
        this.roundRevealMode = null;
        this.round++;
        this.updatedAt = now;
    }

    public void timer(Long endsAt, long now) {
        this.timerEndsAt = endsAt;
        this.updatedAt = now;
    }
}
