package org.estimator.group;

/**
 * Changes in a group that other features react to inside the same transaction (CDI events,
 * observed synchronously), so that group/ need not know about estimates.
 */
public sealed interface GroupChange {

    long groupId();

    /** A member left or was removed: their pending estimates in the group go with them. */
    record MemberGone(long groupId, long userId) implements GroupChange {
    }

    /** The deck changed: estimates given with the old cards are void. */
    record DeckChanged(long groupId) implements GroupChange {
    }
}
