package org.estimator.group;

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
import org.estimator.account.User;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A user's place in a group. */
@Entity
@Table(name = "membership")
public class Membership {

    /** The owner facilitates and votes; a voter votes; an observer sees everything but does not vote. */
    public enum Role {
        OWNER, VOTER, OBSERVER;

        public boolean votes() {
            return this != OBSERVER;
        }
    }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "group_id", nullable = false)
    private EstimationGroup group;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "user_id", nullable = false)
    private User user;

    @Enumerated(EnumType.STRING)
    @JdbcTypeCode(SqlTypes.VARCHAR)
    @Column(nullable = false, length = 16)
    private Role role;

    @Column(name = "joined_at", nullable = false)
    private long joinedAt;

    /** The group's event id of this member's own member.joined event (0 for the founding owner). */
    @Column(name = "joined_seq", nullable = false)
    private long joinedSeq;

    protected Membership() {
    }

    Membership(EstimationGroup group, User user, Role role, long now) {
        this.group = group;
        this.user = user;
        this.role = role;
        this.joinedAt = now;
    }

    public EstimationGroup group() {
        return group;
    }

    public User user() {
        return user;
    }

    public Role role() {
        return role;
    }

    void role(Role role) {
        this.role = role;
    }

    /** Streams of this member never replay the group's events from before this id. */
    public long joinedSeq() {
        return joinedSeq;
    }

    void joinedSeq(long seq) {
        this.joinedSeq = seq;
    }
}
