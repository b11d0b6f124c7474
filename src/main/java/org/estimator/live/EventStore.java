package org.estimator.live;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.PersistenceException;
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
class EventStore {

    private final Database db;

    EventStore(Database db) {
        this.db = db;
    }

    /** The id of the group's last event; -1 if the group does not exist. */
    long head(long groupId) {
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
        read(c -> {
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
        return read(c -> since(c, groupId, after, limit));
    }

    static List<LiveEvent> since(Connection c, long groupId, long after, int limit) throws SQLException {
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

    <T> T read(Database.SqlWork<T> work) {
        try (Connection c = db.dataSource().getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw new PersistenceException(e.getMessage(), e);
        }
    }
}
