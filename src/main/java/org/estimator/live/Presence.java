package org.estimator.live;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.estimator.db.Database;
import org.estimator.web.ApiError;
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

    Presence(Database db, GroupEvents events, Relay relay,
             @ConfigProperty(name = "estimator.limits.streams-per-user") int streamsPerUser,
             @ConfigProperty(name = "estimator.events.presence") Duration interval) {
        this.db = db;
        this.events = events;
        this.instance = relay.instance();
        this.streamsPerUser = streamsPerUser;
        this.intervalMs = interval.toMillis();
    }

    /** Counts a new stream of the user; 429 when the user has too many streams open on all instances. */
    void connect(long groupId, long userId) {
        for (int attempt = 1; ; attempt++) {
            try {
                count(groupId, userId);
                break;
            } catch (jakarta.persistence.PersistenceException e) {
                // Two streams of the user opening at once both found no row and both inserted one:
                // the unique key let one win; the other now finds the row and counts itself there.
                if (!org.estimator.db.Constraints.isViolation(e) || attempt == 3) {
                    throw e;
                }
            }
        }
        touched.add(groupId);
    }

    private void count(long groupId, long userId) {
        db.writeJdbc(c -> {
            long now = System.currentTimeMillis();
            if (streamsPerUser > 0) {
                try (PreparedStatement s = c.prepareStatement(
                        "SELECT COALESCE(SUM(streams), 0) FROM presence WHERE user_id = ? AND seen_at > ?")) {
                    s.setLong(1, userId);
                    s.setLong(2, now - STALE_MS);
                    try (ResultSet rs = s.executeQuery()) {
                        rs.next();
                        if (rs.getLong(1) >= streamsPerUser) {
                            throw ApiError.tooMany("Too many open event streams (at most " + streamsPerUser
                                    + "); close another tab or window first", 10);
                        }
                    }
                }
            }
            int updated;
            try (PreparedStatement s = c.prepareStatement("UPDATE presence SET "
                    + "since = CASE WHEN streams = 0 THEN ? ELSE since END, streams = streams + 1, seen_at = ? "
                    + "WHERE group_id = ? AND user_id = ? AND instance_id = ?")) {
                s.setLong(1, now);
                s.setLong(2, now);
                s.setLong(3, groupId);
                s.setLong(4, userId);
                s.setString(5, instance);
                updated = s.executeUpdate();
            }
            if (updated == 0) {
                try (PreparedStatement s = c.prepareStatement("INSERT INTO presence "
                        + "(group_id, user_id, instance_id, streams, seen_at, since) VALUES (?, ?, ?, 1, ?, ?)")) {
                    s.setLong(1, groupId);
                    s.setLong(2, userId);
                    s.setString(3, instance);
                    s.setLong(4, now);
                    s.setLong(5, now);
                    s.executeUpdate();
                }
            }
            return null;
        });
    }

    /** A stream of the user ended. */
    void disconnect(long groupId, long userId) {
        db.writeJdbc(c -> {
            try (PreparedStatement s = c.prepareStatement("UPDATE presence SET streams = streams - 1, seen_at = ? "
                    + "WHERE group_id = ? AND user_id = ? AND instance_id = ? AND streams > 0")) {
                s.setLong(1, System.currentTimeMillis());
                s.setLong(2, groupId);
                s.setLong(3, userId);
                s.setString(4, instance);
                return s.executeUpdate();
            }
        });
        touched.add(groupId);
    }

    /** The ids of the members shown online in the group (for a page). */
    public Set<Long> onlineUsers(long groupId) {
        return db.read(c -> {
            Set<Long> ids = new HashSet<>();
            online(c, groupId).forEach(o -> ids.add(o.userId()));
            return ids;
        });
    }

    /** The members shown online, for a snapshot (read in the snapshot's connection). */
    static List<Online> online(Connection c, long groupId) throws SQLException {
        List<Online> online = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT m.user_id, u.nickname FROM membership m "
                + "JOIN app_user u ON u.id = m.user_id WHERE m.group_id = ? AND m.online = 1 ORDER BY u.nickname, m.user_id")) {
            s.setLong(1, groupId);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    online.add(new Online(rs.getLong(1), rs.getString(2), true));
                }
            }
        }
        return online;
    }

    /** Announces, for the groups this instance touched, the members whose state has held for an interval. */
    @Scheduled(every = "${estimator.events.presence}", delayed = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        for (Long groupId : List.copyOf(touched)) {
            touched.remove(groupId);
            try {
                if (announce(groupId, System.currentTimeMillis())) {
                    touched.add(groupId);
                }
            } catch (RuntimeException e) {
                touched.add(groupId);
                LOG.debugf("Announcing presence in group %d failed (the next tick tries again): %s", groupId, e.toString());
            }
        }
    }

    /** One group's announcements; true when a change is still waiting for its interval. */
    private boolean announce(long groupId, long now) {
        boolean[] pending = {false};
        GroupEvents.Log log = db.writeJdbc(c -> {
            GroupEvents.Log l = events.lock(c, groupId);
            // user -> {shown online, online since (0: not online), last seen, nickname}
            Map<Long, Object[]> members = new LinkedHashMap<>();
            try (PreparedStatement s = c.prepareStatement("SELECT m.user_id, m.online, u.nickname FROM membership m "
                    + "JOIN app_user u ON u.id = m.user_id WHERE m.group_id = ? ORDER BY m.user_id")) {
                s.setLong(1, groupId);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        members.put(rs.getLong(1), new Object[] {rs.getInt(2) == 1, 0L, 0L, rs.getString(3)});
                    }
                }
            }
            Map<Long, long[]> rows = new HashMap<>();
            try (PreparedStatement s = c.prepareStatement("SELECT user_id, streams, since, seen_at FROM presence WHERE group_id = ?")) {
                s.setLong(1, groupId);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        long[] r = rows.computeIfAbsent(rs.getLong(1), k -> new long[] {0, 0});
                        boolean open = rs.getInt(2) > 0 && rs.getLong(4) > now - STALE_MS;
                        if (open) {
                            r[0] = r[0] == 0 ? rs.getLong(3) : Math.min(r[0], rs.getLong(3));
                        }
                        r[1] = Math.max(r[1], rs.getLong(4));
                    }
                }
            }
            for (Map.Entry<Long, Object[]> m : members.entrySet()) {
                boolean shown = (Boolean) m.getValue()[0];
                long[] r = rows.getOrDefault(m.getKey(), new long[] {0, 0});
                boolean online = r[0] > 0;
                if (online == shown) {
                    continue;
                }
                boolean settled = online ? r[0] <= now - intervalMs : r[1] <= now - intervalMs;
                if (!settled) {
                    pending[0] = true;
                    continue;
                }
                try (PreparedStatement s = c.prepareStatement("UPDATE membership SET online = ? WHERE group_id = ? AND user_id = ?")) {
                    s.setInt(1, online ? 1 : 0);
                    s.setLong(2, groupId);
                    s.setLong(3, m.getKey());
                    s.executeUpdate();
                }
                l.add(GroupEvents.PRESENCE, new Online(m.getKey(), (String) m.getValue()[3], online));
            }
            // Rows of closed streams have served once their state is announced.
            try (PreparedStatement s = c.prepareStatement(
                    "DELETE FROM presence WHERE group_id = ? AND streams = 0 AND seen_at <= ?")) {
                s.setLong(1, groupId);
                s.setLong(2, now - intervalMs);
                s.executeUpdate();
            }
            return l;
        });
        events.committed(log);
        return pending[0];
    }

    /**
     * Keeps this instance's rows fresh, and closes the rows of instances that stopped refreshing
     * theirs (a crash, a kill), so that the next ticks announce who went offline with them.
     */
    @Scheduled(every = "20s", delayed = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void refresh() {
        long now = System.currentTimeMillis();
        try {
            db.writeJdbc(c -> {
                try (PreparedStatement s = c.prepareStatement(
                        "UPDATE presence SET seen_at = ? WHERE instance_id = ? AND streams > 0")) {
                    s.setLong(1, now);
                    s.setString(2, instance);
                    return s.executeUpdate();
                }
            });
            List<Long> stale = db.read(c -> {
                List<Long> groups = new ArrayList<>();
                try (PreparedStatement s = c.prepareStatement(
                        "SELECT DISTINCT group_id FROM presence WHERE streams > 0 AND seen_at <= ?")) {
                    s.setLong(1, now - STALE_MS);
                    try (ResultSet rs = s.executeQuery()) {
                        while (rs.next()) {
                            groups.add(rs.getLong(1));
                        }
                    }
                }
                return groups;
            });
            if (!stale.isEmpty()) {
                db.writeJdbc(c -> {
                    try (PreparedStatement s = c.prepareStatement(
                            "UPDATE presence SET streams = 0 WHERE streams > 0 AND seen_at <= ?")) {
                        s.setLong(1, now - STALE_MS);
                        return s.executeUpdate();
                    }
                });
                touched.addAll(stale);
            }
        } catch (RuntimeException e) {
            LOG.debugf("Refreshing presence failed: %s", e.toString());
        }
    }
}
