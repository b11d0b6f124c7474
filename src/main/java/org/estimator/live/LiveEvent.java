package org.estimator.live;

import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

/**
 * One event of a group as it travels to streams.
 *
 * @param seq  its id in the group's log; 0 for an event that is not logged (a deleted group has no
 *             log left to write to), which streams send without an id
 * @param data the event's JSON object, as stored
 */
record LiveEvent(long groupId, long seq, String type, String data) {

    OutboundSseEvent toSse(Sse sse) {
        OutboundSseEvent.Builder b = sse.newEventBuilder().name(type).data(data);
        if (seq > 0) {
            b.id(Long.toString(seq));
        }
        return b.build();
    }

    /** After this event the group's streams end. */
    boolean ends() {
        return type.equals(GroupEvents.GROUP_DELETED);
    }
}
