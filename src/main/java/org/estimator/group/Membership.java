package org.estimator.group;

import org.estimator.account.User;

/**
 * A user's place in a group. {@code joinedSeq} is the group's event id of the member's own
 * member.joined event (0 for the founding owner): their streams never replay anything before it.
 */
public record Membership(long groupId, User user, Role role, long joinedSeq) {

    /** The owner facilitates and votes; a voter votes; an observer sees everything but does not vote. */
    public enum Role {

        OWNER, VOTER, OBSERVER;

        /** The one rule for who gives cards (and so who counts in "X of Y estimated"). */
        public boolean votes() {
            return this != OBSERVER;
        }
    }

    /** Fewer voters than this and the original warned that the estimate means little. */
    static final int FEW_VOTERS = 3;

    /** The one rule for the few-voters warning, on the pages and in the API's {@code fewVoters}. */
    public static boolean fewVoters(int voters) {
        return voters < FEW_VOTERS;
    }

    Membership withRole(Role role) {
        return new Membership(groupId, user, role, joinedSeq);
    }
}
