package org.estimator.live;

import org.estimator.account.Principal;

/**
 * Who may open a group's stream, decided by the groups feature (which implements this, so that
 * live/ need not depend on it): the same rule and the same answers as every request inside a group.
 */
public interface StreamGate {

    /** A member admitted to a group's stream; their stream never replays events before {@code joinedSeq}. */
    record Admission(long groupId, long userId, long joinedSeq) {
    }

    /** 404 for an unknown group, 403 for a caller who is not a member (or a guest of another group). */
    Admission admit(String groupName, Principal principal);
}
