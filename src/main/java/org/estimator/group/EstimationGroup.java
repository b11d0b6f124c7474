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

/** A team's estimation group; the table keeps the original's name. */
@Entity
@Table(name = "estimation_group")
public class EstimationGroup {

    /** anonymous: only aggregates are ever shown; open: after the reveal each card is shown by name. */
    public enum RevealMode { ANONYMOUS, OPEN }

    /** Who may add issues: the owner only (default), or every member. */
    public enum IssuePolicy { OWNER, MEMBERS }

    /** The original's deck: whole numbers 1 to 100. */
    static final String DEFAULT_DECK = "INTEGERS";
    /** Fewer cards than this and the aggregate would all but name them: no review (see the README's anonymity section). */
    public static final int DEFAULT_REVIEW_MIN_CARDS = 3;
    static final int MAX_REVIEW_MIN_CARDS = 100;

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false, length = 64)
    private String name;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "owner_id", nullable = false)
    private User owner;

    @Column(nullable = false, length = 16)
    private String deck;

    @Column(name = "custom_deck", length = 400)
    private String customDeck;

    @Enumerated(EnumType.STRING)
    @JdbcTypeCode(SqlTypes.VARCHAR)
    @Column(name = "reveal_mode", nullable = false, length = 16)
    private RevealMode revealMode;

    @Enumerated(EnumType.STRING)
    @JdbcTypeCode(SqlTypes.VARCHAR)
    @Column(name = "issue_policy", nullable = false, length = 16)
    private IssuePolicy issuePolicy;

    @Column(name = "created_at", nullable = false)
    private long createdAt;

    @Column(name = "last_activity_at", nullable = false)
    private long lastActivityAt;

    @Column(name = "review_min_cards", nullable = false)
    private int reviewMinCards;

    protected EstimationGroup() {
    }

    public Long id() {
        return id;
    }

    public String name() {
        return name;
    }

    public User owner() {
        return owner;
    }

    public String deck() {
        return deck;
    }

    public String customDeck() {
        return customDeck;
    }

    public RevealMode revealMode() {
        return revealMode;
    }

    public IssuePolicy issuePolicy() {
        return issuePolicy;
    }

    public Deck deckCards() {
        return Deck.of(deck, customDeck);
    }

    /** The review is shown only from this many cards in an anonymous round. */
    public int reviewMinCards() {
        return reviewMinCards;
    }

    void owner(User owner) {
        this.owner = owner;
    }

    /** Changes the settings; the deck arguments were checked by {@link Deck#checkChoice}. */
    void settings(String deck, String customDeck, RevealMode revealMode, IssuePolicy issuePolicy, int reviewMinCards) {
        this.deck = deck;
        this.customDeck = customDeck;
        this.revealMode = revealMode;
        this.issuePolicy = issuePolicy;
        this.reviewMinCards = reviewMinCards;
    }
}
