package org.estimator.live;

import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.scheduler.Scheduled;
import org.estimator.common.ApiError;
import org.estimator.config.Settings;
import org.estimator.db.Constraints;
import org.estimator.db.Database;
import org.estimator.db.Tx;
import org.jboss.logging.Logger;

/**
 * Who has a stream open on a group, across instances, kept in the database, and who is shown online.
 *
 * <p>A row per group, user and instance counts that instance's open streams of the user ({@code
 * streams}, since {@code since}); a row at 0 remembers when the last one closed ({@code seen_at}).
 * What members see is {@code membership.online}, which only a tick changes: every {@code
 * ESTIMATOR_EVENTS_PRESENCE} it announces those whose state has held for a whole interval, in one
 * transaction, ordered by user id. So opening and closing a stream costs no event; a member who opens
 * the room and votes at once is announced after their count, not before it (presence does not point
 * at voters); and a client that reconnects in a loop makes no presence events at all.
 */
@ApplicationScoped
public class Presence {

    private static final Logger LOG = Logger.getLogger(Presence.class);
    /** Each instance refreshes its rows this often... */
    static final long REFRESH_MS = 20_000;
    /** ...and rows older than this belong to an instance that stopped without cleaning up. */
    static final long STALE_MS = 3 * REFRESH_MS;

    /** Who is online, as events and snapshots show it. */
    record Online(long userId, String nickname, boolean online) {
    }

    private final Database db;
    private final GroupEvents events;
    private final String instance;
    private final int streamsPerUser;
    private final long intervalMs;
    /** Groups whose presence rows this instance changed and whose members' shown state may be due to change. */
    private final Set<Long> touched = ConcurrentHashMap.newKeySet();

    Presence(Database db,
            GroupEvents events,
            Relay relay,
            Settings settings) {
        Duration interval = settings.events().presence();
        this.db = db;
        this.events = events;
        this.instance = relay.instance();
        this.streamsPerUser = settings.limits().streamsPerUser();
        this.intervalMs = interval.toMillis();
    }

    /** Counts a new stream of the user; 429 when the user has too many streams open on all instances. */
    void connect(long groupId, long userId) {
        for (int attempt = 1;; attempt++) {
            try {
                db.write(tx -> count(tx, groupId, userId));
                break;
            } catch (RuntimeException e) {
                // Two streams of the user opening at once both found no row and both inserted one:
                // the unique key let one win; the other now finds the row and counts itself there.
                if (!Constraints.isViolation(e) || attempt == 3) {
                    throw e;
                }
            }
        }
        touched.add(groupId);
    }

    private Void count(Tx tx, long groupId, long userId) {
        long now = System.currentTimeMillis();
        if (streamsPerUser > 0 && PresenceStore.openStreams(tx.dsl(), userId, now - STALE_MS) >= streamsPerUser) {
            throw ApiError.tooMany("Too many open event streams (at most " + streamsPerUser
                    + "); close another tab or window first", 10);
        }
        if (!PresenceStore.addStream(tx, groupId, userId, instance, now)) {
            PresenceStore.insert(tx, groupId, userId, instance, now);
        }
        return null;
    }

    /** A stream of the user ended. */
    void disconnect(long groupId, long userId) {
        db.write(tx -> {
            PresenceStore.removeStream(tx, groupId, userId, instance, System.currentTimeMillis());
            return null;
        });
        touched.add(groupId);
    }

    /** The ids of the members shown online in the group (for a page). */
    public Set<Long> onlineUsers(long groupId) {
        Set<Long> ids = new HashSet<>();
        online(groupId).forEach(o -> ids.add(o.userId()));
        return ids;
    }

    /** The members shown online, for a snapshot. */
    List<Online> online(long groupId) {
        return db.read(q -> PresenceStore.shownOnline(q, groupId));
    }

    /** Announces, for the groups this instance touched, the members whose state has held for an interval. */
    @Scheduled(every = "${estimator.events.presence}", delayed = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        for (Long groupId : List.copyOf(touched)) {
            touched.remove(groupId);
            try {
                if (db.write(tx -> announce(tx, groupId, System.currentTimeMillis()))) {
                    touched.add(groupId);
                }
            } catch (RuntimeException e) {
                touched.add(groupId);
                LOG.debugf("Announcing presence in group %d failed (the next tick tries again): %s", groupId,
                        e.toString());
            }
        }
    }

    /** A member as the tick sees them: shown online or not, online since (0: not online), last seen. */
    private static final class State {

        final String nickname;
        final boolean shown;
        long onlineSince;
        long lastSeen;

        State(String nickname, boolean shown) {
            this.nickname = nickname;
            this.shown = shown;
        }
    }

    /** One group's announcements; true when a change is still waiting for its interval. */
    private boolean announce(Tx tx, long groupId, long now) {
        GroupEvents.Log log = events.lock(tx, groupId);
        Map<Long, State> members = new LinkedHashMap<>();
        for (PresenceStore.Member m : PresenceStore.members(tx.dsl(), groupId)) {
            members.put(m.userId(), new State(m.nickname(), m.shown()));
        }
        for (PresenceStore.Row r : PresenceStore.rows(tx.dsl(), groupId)) {
            State m = members.get(r.userId());
            if (m == null) {
                continue;
            }
            if (r.streams() > 0 && r.seenAt() > now - STALE_MS) {
                m.onlineSince = m.onlineSince == 0 ? r.since() : Math.min(m.onlineSince, r.since());
            }
            m.lastSeen = Math.max(m.lastSeen, r.seenAt());
        }
        boolean pending = false;
        for (Map.Entry<Long, State> e : members.entrySet()) {
            State m = e.getValue();
            boolean online = m.onlineSince > 0;
            if (online == m.shown) {
                continue;
            }
            boolean settled = online ? m.onlineSince <= now - intervalMs : m.lastSeen <= now - intervalMs;
            if (!settled) {
                pending = true;
                continue;
            }
            PresenceStore.shown(tx, groupId, e.getKey(), online);
            log.add(GroupEvents.PRESENCE, new Online(e.getKey(), m.nickname, online));
        }
        PresenceStore.deleteClosed(tx, groupId, now - intervalMs);
        return pending;
    }

    /**
     * Keeps this instance's rows fresh, and closes the rows of instances that stopped refreshing
     * theirs (a crash, a kill), so that the next ticks announce who went offline with them.
     */
    @Scheduled(every = "20s", delayed = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void refresh() {
        long now = System.currentTimeMillis();
        try {
            db.write(tx -> {
                PresenceStore.refresh(tx, instance, now);
                return null;
            });
            List<Long> stale = db.read(q -> PresenceStore.staleGroups(q, now - STALE_MS));
            if (!stale.isEmpty()) {
                db.write(tx -> {
                    PresenceStore.closeStale(tx, now - STALE_MS);
                    return null;
                });
                touched.addAll(stale);
            }
        } catch (RuntimeException e) {
            LOG.debugf("Refreshing presence failed: %s", e.toString());
        }
    }
}
