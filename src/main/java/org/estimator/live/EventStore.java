package org.estimator.live;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.estimator.db.Database;

/** Reads of the group event log, in plain JDBC: they run outside requests and must be cheap. */
@ApplicationScoped
public class EventStore {

    private static final Logger LOG = Logger.getLogger(EventStore.class);

    private final Database db;
    private final Duration keep;

    EventStore(Database db, @ConfigProperty(name = "estimator.events.keep") Duration keep) {
        this.db = db;
        this.keep = keep;
    }

    /**
     * Drops events older than {@code estimator.events.keep}, one group per transaction. A client
     * that comes back with an older id gets a snapshot instead. Every instance may run it: deleting
     * what another instance already deleted is harmless.
     */
    @Scheduled(every = "10m", delayed = "2m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduledTrim() {
        try {
            trim(System.currentTimeMillis() - keep.toMillis());
        } catch (RuntimeException e) {
            LOG.debugf("Trimming the event log failed: %s", e.toString());
        }
    }

    /** Deletes the events written before {@code before}; returns how many. */
    int trim(long before) {
        Map<Long, Long> upTo = new HashMap<>();
        db.read(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT group_id, MAX(seq) FROM group_event WHERE created_at < ? GROUP BY group_id")) {
                s.setLong(1, before);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        upTo.put(rs.getLong(1), rs.getLong(2));
                    }
                }
            }
            return null;
        });
        int deleted = 0;
        for (Map.Entry<Long, Long> group : upTo.entrySet()) {
            deleted += db.writeJdbc(c -> {
                try (PreparedStatement s = c.prepareStatement("DELETE FROM group_event WHERE group_id = ? AND seq <= ?")) {
                    s.setLong(1, group.getKey());
                    s.setLong(2, group.getValue());
                    return s.executeUpdate();
                }
            });
        }
        if (deleted > 0) {
            LOG.infof("event log: removed %d events older than %s", deleted, keep);
        }
        return deleted;
    }

    /**
     * The id of the group's last event; -1 if the group does not exist. A page reads it before its
     * data and opens its stream from there, so it gets exactly the changes it does not show yet.
     */
    public long head(long groupId) {
        Long head = heads(List.of(groupId)).get(groupId);
        return head == null ? -1 : head;
    }

    /** The last event id of each group that still exists. */
    Map<Long, Long> heads(Collection<Long> groupIds) {
        Map<Long, Long> heads = new HashMap<>();
        if (groupIds.isEmpty()) {
            return heads;
        }
        String ids = groupIds.stream().map(String::valueOf).collect(Collectors.joining(","));
        db.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT id, event_seq FROM estimation_group WHERE id IN (" + ids + ")");
                 ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    heads.put(rs.getLong(1), rs.getLong(2));
                }
            }
            return null;
        });
        return heads;
    }

    /** Up to {@code limit} events of the group after id {@code after}, in order. */
    List<LiveEvent> since(long groupId, long after, int limit) {
        return db.read(c -> since(c, groupId, after, limit));
    }

    private static List<LiveEvent> since(Connection c, long groupId, long after, int limit) throws SQLException {
        List<LiveEvent> events = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(
                "SELECT seq, type, data FROM group_event WHERE group_id = ? AND seq > ? ORDER BY seq")) {
            s.setLong(1, groupId);
            s.setLong(2, after);
            s.setMaxRows(limit);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    events.add(new LiveEvent(groupId, rs.getLong(1), rs.getString(2), rs.getString(3)));
                }
            }
        }
        return events;
    }
}
