package org.estimator.live;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.estimator.db.Database;

/**
 * The one way a change of a group becomes an event. A write transaction that changes a group first
 * calls {@link #lock}, which takes the group's row lock (so the group's changes, and their event ids,
 * commit one after another) and records the activity that keeps the group from the retention purge;
 * then it {@link Log#add adds} its events, which are stored in the same transaction and handed to
 * the live streams only after the commit.
 */
@ApplicationScoped
public class GroupEvents {

    public static final String MEMBER_JOINED = "member.joined";
    public static final String MEMBER_LEFT = "member.left";
    public static final String MEMBER_REMOVED = "member.removed";
    public static final String MEMBER_ROLE = "member.role";
    public static final String GROUP_OWNER = "group.owner";
    public static final String GROUP_SETTINGS = "group.settings";
    public static final String ISSUE_ADDED = "issue.added";
    public static final String ISSUE_CHANGED = "issue.changed";
    public static final String ISSUE_REORDERED = "issue.reordered";
    public static final String ISSUE_DELETED = "issue.deleted";
    public static final String ESTIMATES_COUNT = "estimates.count";
    public static final String ISSUE_REVEALED = "issue.revealed";
    public static final String ISSUE_LOCKED = "issue.locked";
    public static final String ISSUE_RESTARTED = "issue.restarted";
    public static final String TIMER_STARTED = "timer.started";
    public static final String TIMER_ENDED = "timer.ended";
    static final String PRESENCE = "presence";
    static final String SNAPSHOT = "snapshot";
    /** Not logged: the group's log goes with it (see {@link Hub}). */
    static final String GROUP_DELETED = "group.deleted";

    /**
     * Every event type a group's stream sends. The pages render this list for their script, which
     * has to name each type it listens to (an EventSource hears named events only by name).
     */
    public static final List<String> TYPES = List.of(SNAPSHOT, MEMBER_JOINED, MEMBER_LEFT, MEMBER_REMOVED,
            MEMBER_ROLE, GROUP_OWNER, GROUP_SETTINGS, GROUP_DELETED, ISSUE_ADDED, ISSUE_CHANGED, ISSUE_REORDERED,
            ISSUE_DELETED, ESTIMATES_COUNT, ISSUE_REVEALED, ISSUE_LOCKED, ISSUE_RESTARTED, TIMER_STARTED, TIMER_ENDED,
            PRESENCE);

    private final Database db;
    private final TransactionSynchronizationRegistry transactions;
    private final ObjectMapper json;
    private final Hub hub;

    GroupEvents(Database db, TransactionSynchronizationRegistry transactions, ObjectMapper json, Hub hub) {
        this.db = db;
        this.transactions = transactions;
        this.json = json;
        this.hub = hub;
    }

    /**
     * Locks the group for the current transaction and returns its log; call it before reading what
     * the change depends on, so the reads see every earlier change of the group. Calling it again in
     * the same transaction returns the same log.
     */
    public Log lock(long groupId) {
        Object key = "estimator.log." + groupId;
        Log log = (Log) transactions.getResource(key);
        if (log == null) {
            log = new Log(groupId, db.jdbc(c -> lockRow(c, groupId)), db::jdbc);
            transactions.putResource(key, log);
            transactions.registerInterposedSynchronization(log);
        }
        return log;
    }

    /**
     * The same for a plain JDBC transaction ({@link Database#writeJdbc}): the caller hands the log to
     * {@link #committed} once the write has returned, that is, after the commit.
     */
    public Log lock(Connection c, long groupId) throws SQLException {
        return new Log(groupId, lockRow(c, groupId), new Database.OnConnection(c));
    }

    /** The events of a JDBC transaction that committed. */
    public void committed(Log log) {
        log.afterCompletion(Status.STATUS_COMMITTED);
    }

    /** The group's deletion, told to its streams after the commit (its log goes with the group). */
    public void deleted(long groupId) {
        lock(groupId).deleted = true;
    }

    private long lockRow(Connection c, long groupId) throws SQLException {
        // An UPDATE takes the row lock on every database; the activity time it sets is what the
        // retention purge looks at. MariaDB's first consistent read happens after this, so the
        // transaction sees every change committed before it got the lock.
        try (PreparedStatement touch = c.prepareStatement("UPDATE estimation_group SET last_activity_at = ? WHERE id = ?")) {
            touch.setLong(1, System.currentTimeMillis());
            touch.setLong(2, groupId);
            touch.executeUpdate();
        }
        try (PreparedStatement s = c.prepareStatement("SELECT event_seq FROM estimation_group WHERE id = ?")) {
            s.setLong(1, groupId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0L;
            }
        }
    }

    /** The events one transaction adds to one group. */
    public final class Log implements Synchronization {

        private final long groupId;
        private final Database.Jdbc connection;
        private long seq;
        private boolean deleted;
        private final List<LiveEvent> added = new ArrayList<>();

        private Log(long groupId, long seq, Database.Jdbc connection) {
            this.groupId = groupId;
            this.seq = seq;
            this.connection = connection;
        }

        /** Stores an event with the next id of the group and returns that id; {@code data} becomes its JSON object. */
        public long add(String type, Object data) {
            String text;
            try {
                text = json.writeValueAsString(data);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("An event could not be written as JSON", e);
            }
            LiveEvent event = new LiveEvent(groupId, seq + 1, type, text);
            connection.run(c -> {
                try (PreparedStatement insert = c.prepareStatement(
                        "INSERT INTO group_event (group_id, seq, type, data, created_at) VALUES (?, ?, ?, ?, ?)");
                     PreparedStatement head = c.prepareStatement("UPDATE estimation_group SET event_seq = ? WHERE id = ?")) {
                    insert.setLong(1, groupId);
                    insert.setLong(2, event.seq());
                    insert.setString(3, type);
                    insert.setString(4, text);
                    insert.setLong(5, System.currentTimeMillis());
                    insert.executeUpdate();
                    head.setLong(1, event.seq());
                    head.setLong(2, groupId);
                    head.executeUpdate();
                }
                return null;
            });
            seq = event.seq();
            added.add(event);
            return seq;
        }

        @Override
        public void beforeCompletion() {
        }

        @Override
        public void afterCompletion(int status) {
            if (status != Status.STATUS_COMMITTED) {
                return;
            }
            List<LiveEvent> events = new ArrayList<>(added);
            if (deleted) {
                events.add(Hub.deletion(groupId));
            }
            if (!events.isEmpty()) {
                hub.committed(events);
            }
        }
    }
}
