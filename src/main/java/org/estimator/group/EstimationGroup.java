package org.estimator.group;

/** A team's estimation group, as read with its owner's nickname; the table keeps the original's name. */
public record EstimationGroup(long id, String name, long ownerId, String ownerNickname, String deck, String customDeck,
        RevealMode revealMode, IssuePolicy issuePolicy, int reviewMinCards, boolean autoReveal) {

    /** anonymous: only aggregates are ever shown; open: after the reveal each card is shown by name. */
    public enum RevealMode {
        ANONYMOUS, OPEN
    }

    /** Who may add issues: the owner only (default), or every member. */
    public enum IssuePolicy {
        OWNER, MEMBERS
    }

    /** The original's deck: whole numbers 1 to 100. */
    static final String DEFAULT_DECK = "INTEGERS";
    /** Fewer cards than this and the aggregate would all but name them: no review (see the README's anonymity section). */
    public static final int DEFAULT_REVIEW_MIN_CARDS = 3;
    static final int MAX_REVIEW_MIN_CARDS = 100;

    /** The group with other settings (the deck arguments checked by {@link Deck#checkChoice}). */
    EstimationGroup withSettings(String deck, String customDeck, RevealMode revealMode, IssuePolicy issuePolicy,
            int reviewMinCards, boolean autoReveal) {
        return new EstimationGroup(id, name, ownerId, ownerNickname, deck, customDeck, revealMode, issuePolicy,
                reviewMinCards, autoReveal);
    }

    public Deck deckCards() {
        return Deck.of(deck, customDeck);
    }
}
