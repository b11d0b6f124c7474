package org.estimator.live;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.estimator.db.Database;
import org.estimator.web.ApiError;
import org.jboss.logging.Logger;

/**
 * Who has a stream open on a group, across instances, kept in the database: a row per group, user
 * and instance counts that instance's streams. A user is online while any fresh row exists, so two
 * tabs count once; coming online and going offline are events in the group's log.
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

    Presence(Database db, GroupEvents events, Relay relay,
             @ConfigProperty(name = "estimator.limits.streams-per-user") int streamsPerUser) {
        this.db = db;
        this.events = events;
        this.instance = relay.instance();
        this.streamsPerUser = streamsPerUser;
    }

    /** Counts a new stream of the user; 429 when the user has too many streams open on all instances. */
    void connect(long groupId, long userId, String nickname) {
        db.write(() -> {
            GroupEvents.Log log = events.lock(groupId);
            long now = System.currentTimeMillis();
            db.jdbc(c -> {
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
                boolean wasOnline = online(c, groupId, userId, now);
                int mine = mine(c, groupId, userId);
                try (PreparedStatement s = c.prepareStatement(mine == 0
                        ? "INSERT INTO presence (streams, seen_at, group_id, user_id, instance_id) VALUES (1, ?, ?, ?, ?)"
                        : "UPDATE presence SET streams = streams + 1, seen_at = ? WHERE group_id = ? AND user_id = ? AND instance_id = ?")) {
                    s.setLong(1, now);
                    s.setLong(2, groupId);
                    s.setLong(3, userId);
                    s.setString(4, instance);
                    s.executeUpdate();
                }
                if (!wasOnline) {
                    log.add(GroupEvents.PRESENCE, new Online(userId, nickname, true));
                }
                return null;
            });
        });
    }

    /** A stream of the user ended. */
    void disconnect(long groupId, long userId, String nickname) {
        db.write(() -> {
            GroupEvents.Log log = events.lock(groupId);
            long now = System.currentTimeMillis();
            db.jdbc(c -> {
                int mine = mine(c, groupId, userId);
                if (mine == 0) {
                    return null; // the group is gone, or the rows were already cleaned up
                }
                try (PreparedStatement s = c.prepareStatement(mine == 1
                        ? "DELETE FROM presence WHERE group_id = ? AND user_id = ? AND instance_id = ?"
                        : "UPDATE presence SET streams = streams - 1 WHERE group_id = ? AND user_id = ? AND instance_id = ?")) {
                    s.setLong(1, groupId);
                    s.setLong(2, userId);
                    s.setString(3, instance);
                    s.executeUpdate();
                }
                if (!online(c, groupId, userId, now)) {
                    log.add(GroupEvents.PRESENCE, new Online(userId, nickname, false));
                }
                return null;
            });
        });
    }

    /** The ids of the users online in the group (for a page). */
    public java.util.Set<Long> onlineUsers(long groupId) {
        return db.read(c -> {
            java.util.Set<Long> ids = new java.util.HashSet<>();
            online(c, groupId).forEach(o -> ids.add(o.userId()));
            return ids;
        });
    }

    /** The users online in the group, for a snapshot (read in the snapshot's connection). */
    static List<Online> online(java.sql.Connection c, long groupId) throws java.sql.SQLException {
        Map<Long, Online> online = new LinkedHashMap<>();
        try (PreparedStatement s = c.prepareStatement("SELECT p.user_id, u.nickname FROM presence p JOIN app_user u ON u.id = p.user_id "
                + "WHERE p.group_id = ? AND p.seen_at > ? ORDER BY u.nickname, p.user_id")) {
            s.setLong(1, groupId);
            s.setLong(2, System.currentTimeMillis() - STALE_MS);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    online.putIfAbsent(rs.getLong(1), new Online(rs.getLong(1), rs.getString(2), true));
                }
            }
        }
        return new ArrayList<>(online.values());
    }

    /**
     * Keeps this instance's rows fresh, and removes the rows of instances that stopped refreshing
     * theirs (a crash, a kill), announcing who went offline with them.
     */
    @Scheduled(every = "20s", delayed = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void refresh() {
        long now = System.currentTimeMillis();
        try {
            db.write(() -> db.jdbc(c -> {
                try (PreparedStatement s = c.prepareStatement("UPDATE presence SET seen_at = ? WHERE instance_id = ?")) {
                    s.setLong(1, now);
                    s.setString(2, instance);
                    return s.executeUpdate();
                }
            }));
            List<long[]> stale = db.read(c -> {
                List<long[]> rows = new ArrayList<>();
                try (PreparedStatement s = c.prepareStatement(
                        "SELECT DISTINCT group_id, user_id FROM presence WHERE seen_at <= ?")) {
                    s.setLong(1, now - STALE_MS);
                    try (ResultSet rs = s.executeQuery()) {
                        while (rs.next()) {
                            rows.add(new long[] {rs.getLong(1), rs.getLong(2)});
                        }
                    }
                }
                return rows;
            });
            stale.forEach(row -> expire(row[0], row[1], now));
        } catch (RuntimeException e) {
            LOG.debugf("Refreshing presence failed: %s", e.toString());
        }
    }

    private void expire(long groupId, long userId, long now) {
        db.write(() -> {
            GroupEvents.Log log = events.lock(groupId);
            db.jdbc(c -> {
                try (PreparedStatement s = c.prepareStatement(
                        "DELETE FROM presence WHERE group_id = ? AND user_id = ? AND seen_at <= ?")) {
                    s.setLong(1, groupId);
                    s.setLong(2, userId);
                    s.setLong(3, now - STALE_MS);
                    if (s.executeUpdate() == 0) {
                        return null;
                    }
                }
                if (!online(c, groupId, userId, now)) {
                    log.add(GroupEvents.PRESENCE, new Online(userId, nickname(c, userId), false));
                }
                return null;
            });
        });
    }

    private int mine(java.sql.Connection c, long groupId, long userId) throws java.sql.SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "SELECT streams FROM presence WHERE group_id = ? AND user_id = ? AND instance_id = ?")) {
            s.setLong(1, groupId);
            s.setLong(2, userId);
            s.setString(3, instance);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        }
    }

    private static boolean online(java.sql.Connection c, long groupId, long userId, long now) throws java.sql.SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "SELECT 1 FROM presence WHERE group_id = ? AND user_id = ? AND seen_at > ?")) {
            s.setLong(1, groupId);
            s.setLong(2, userId);
            s.setLong(3, now - STALE_MS);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static String nickname(java.sql.Connection c, long userId) throws java.sql.SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT nickname FROM app_user WHERE id = ?")) {
            s.setLong(1, userId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getString(1) : "";
            }
        }
    }
}
