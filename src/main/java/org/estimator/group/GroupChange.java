package org.estimator.group;

/**
 * Changes in a group that other features react to inside the same transaction (CDI events,
 * observed synchronously), so that group/ need not know about estimates.
 */
public sealed interface GroupChange {

    long groupId();

    /** The deck changed: estimates given with the old cards are void. */
    record DeckChanged(long groupId) implements GroupChange {
    }
}
