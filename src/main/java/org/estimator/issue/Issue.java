package org.estimator.issue;

import org.estimator.common.ApiError;
import org.estimator.group.EstimationGroup.RevealMode;

/**
 * A story or ticket a group sizes, with its round. The transitions of the round (estimating,
 * reveal, lock, restart, timer, deadline) are checked here and return the issue as it is afterwards;
 * the caller stores that with {@link IssueService#save}.
 *
 * @param link the address of the issue's original in a tracker, or null
 * @param roundRevealMode the reveal style the round's first card was given under; null while the round has no card
 * @param origin the tracker connection it was imported through and its key there, or null
 * @param deadlineAt when the open round closes and is revealed by itself, or null
 * @param firstCardAt when the issue's first card was given, in any round (null: none yet)
 * @param lockedAt when it was locked (null unless locked)
 */
public record Issue(long id, long groupId, String storyRef, String description, String link, State state,
        String finalEstimate, int sortOrder, int round, Long timerEndsAt, RevealMode roundRevealMode, Origin origin,
        Long deadlineAt, Long firstCardAt, Long lockedAt) {

    /** Where an issue imported through a tracker connection came from: the connection, and the tracker's key. */
    public record Origin(long trackerId, String key) {
    }

    /** OPEN: estimates are being given; REVEALED: every member sees the review; LOCKED: final. */
    public enum State {

        OPEN, REVEALED, LOCKED;

        /** Refuses (409) anything but estimating in an open round. */
        public void requireOpen() {
            if (this == LOCKED) {
                throw ApiError.conflict("The issue is locked; the owner can start it over");
            }
            if (this == REVEALED) {
                throw ApiError.conflict("The estimates are revealed; the owner can lock or start over");
            }
        }
    }

    /**
     * The reveal style this round is held in. A round's style is fixed by its first card; after that
     * a change of the group's style can only make it more private, never less: cards given under the
     * anonymous promise are never shown by name. A round without a card follows the group.
     */
    public RevealMode revealMode(RevealMode groupMode) {
        return revealMode(roundRevealMode, groupMode);
    }

    /** The rule of {@link #revealMode(RevealMode)}, for a round read without its issue. */
    public static RevealMode revealMode(RevealMode round, RevealMode group) {
        if (round == null) {
            return group;
        }
        return round == RevealMode.OPEN && group == RevealMode.OPEN ? RevealMode.OPEN : RevealMode.ANONYMOUS;
    }

    /** Estimating ends and every member sees the review; a timer or deadline has nothing left to end. */
    public Issue revealed() {
        state.requireOpen();
        return new Issue(id, groupId, storyRef, description, link, State.REVEALED, null, sortOrder, round, null,
                roundRevealMode, origin, null, firstCardAt, null);
    }

    /** Final: the estimate is kept (the round's cards are deleted by the caller), the round has no style any more. */
    public Issue locked(String estimate, long now) {
        if (state == State.LOCKED) {
            throw ApiError.conflict("The issue is already locked; start over to estimate it again");
        }
        return new Issue(id, groupId, storyRef, description, link, State.LOCKED, estimate, sortOrder, round, null,
                null, origin, null, firstCardAt, now);
    }

    /** A new round: open again, no final estimate, no timer or deadline, no style until its first card. */
    public Issue restarted() {
        return new Issue(id, groupId, storyRef, description, link, State.OPEN, null, sortOrder, round + 1, null, null,
                origin, null, firstCardAt, null);
    }

    /** A round timer that ends at {@code endsAt}, only in an open round; null stops it. */
    public Issue withTimer(Long endsAt) {
        if (endsAt != null) {
            state.requireOpen();
        }
        return new Issue(id, groupId, storyRef, description, link, state, finalEstimate, sortOrder, round, endsAt,
                roundRevealMode, origin, deadlineAt, firstCardAt, lockedAt);
    }

    /** A deadline at which the open round closes by itself; null removes it. Only in an open round. */
    public Issue withDeadline(Long at) {
        state.requireOpen();
        return new Issue(id, groupId, storyRef, description, link, state, finalEstimate, sortOrder, round, timerEndsAt,
                roundRevealMode, origin, at, firstCardAt, lockedAt);
    }

    Issue at(int position) {
        return new Issue(id, groupId, storyRef, description, link, state, finalEstimate, position, round, timerEndsAt,
                roundRevealMode, origin, deadlineAt, firstCardAt, lockedAt);
    }

    Issue edited(String storyRef, String description, String link) {
        return new Issue(id, groupId, storyRef, description, link, state, finalEstimate, sortOrder, round, timerEndsAt,
                roundRevealMode, origin, deadlineAt, firstCardAt, lockedAt);
    }
}
