package org.estimator.live;

/**
 * One event of a group as it travels to streams.
 *
 * @param seq  its id in the group's log; 0 for an event that is not logged (a deleted group has no
 *             log left to write to), which streams send without an id
 * @param data the event's JSON object, as stored
 */
record LiveEvent(long groupId, long seq, String type, String data) {

    /** After this event the group's streams end. */
    boolean ends() {
        return type.equals(GroupEvents.GROUP_DELETED);
    }

    /** Whether only the group's owner receives this event (see {@link GroupEvents#OWNER_ONLY}). */
    boolean ownerOnly() {
        return GroupEvents.OWNER_ONLY.contains(type);
    }
}
