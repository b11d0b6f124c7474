package org.estimator.live;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.qute.TemplateGlobal;
import org.estimator.db.Sql;
import org.estimator.db.Tx;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.SQLDialect;

/**
 * The one way a change of a group becomes an event. A write transaction that changes a group first
 * calls {@link #lock}, which takes the group's row lock (so the group's changes, and their event ids,
 * commit one after another) and records the activity that keeps the group from the retention purge;
 * then it {@link Log#add adds} its events, which are stored in the same transaction and handed to
 * the live streams by the transaction's after-commit action — only after the commit, and always.
 * The group's head (its last event id) moves once per transaction, just before the commit.
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
    public static final String DEADLINE_SET = "deadline.set";
    public static final String DEADLINE_REMOVED = "deadline.removed";
    /**
     * The owner's view of an open round changed (a card given or changed): its aggregate, or why it
     * is not shown yet. Only the group's owner receives it ({@link #OWNER_ONLY}).
     */
    public static final String REVIEW_CHANGED = "review.changed";
    /** A final estimate's write-back to the issue's tracker changed its state; the owner's alone. */
    public static final String TRACKER_SYNC = "tracker.sync";
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
            DEADLINE_SET, DEADLINE_REMOVED,
            REVIEW_CHANGED, TRACKER_SYNC, PRESENCE);

    /**
     * The event types that only the group's owner receives, whoever the owner is when the event is
     * delivered (after a hand-over the new owner gets them, the old one no longer). Other members'
     * streams skip them. They see a gap in the ids there: a gap without a count event tells a
     * member who watches the ids that some card was changed (or a write-back to the tracker moved)
     * at that moment — never whose card, nor to what.
     */
    static final Set<String> OWNER_ONLY = Set.of(REVIEW_CHANGED, TRACKER_SYNC);

    /** {@code {eventTypes}} in a template: the event types a live page's script listens to. */
    @TemplateGlobal
    static final String eventTypes = String.join(" ", TYPES);

    // Every change of a group runs these: rendered once (see Sql).
    private static final Sql TOUCH = Sql.of(q -> q.update(EventStore.GROUP)
            .set(EventStore.LAST_ACTIVITY_AT, Sql.arg(EventStore.LAST_ACTIVITY_AT))
            .where(EventStore.GROUP_ID.eq(Sql.arg(EventStore.GROUP_ID))));
    private static final Sql INSERT = Sql.of(q -> q.insertInto(EventStore.EVENT)
            .columns(EventStore.EVENT_GROUP, EventStore.SEQ, EventStore.TYPE, EventStore.DATA, EventStore.CREATED_AT)
            .values(Sql.arg(EventStore.EVENT_GROUP), Sql.arg(EventStore.SEQ), Sql.arg(EventStore.TYPE),
                    Sql.arg(EventStore.DATA), Sql.arg(EventStore.CREATED_AT)));
    /** PostgreSQL: the lock and the read of the head in one statement (MariaDB has no UPDATE ... RETURNING). */
    private static final Sql TOUCH_RETURNING_HEAD = Sql.of(q -> q.update(EventStore.GROUP)
            .set(EventStore.LAST_ACTIVITY_AT, Sql.arg(EventStore.LAST_ACTIVITY_AT))
            .where(EventStore.GROUP_ID.eq(Sql.arg(EventStore.GROUP_ID))).returningResult(EventStore.EVENT_SEQ));
    private static final Sql MOVE_HEAD = Sql.of(q -> q.update(EventStore.GROUP)
            .set(EventStore.LAST_ACTIVITY_AT, Sql.arg(EventStore.LAST_ACTIVITY_AT))
            .set(EventStore.EVENT_SEQ, Sql.arg(EventStore.EVENT_SEQ))
            .where(EventStore.GROUP_ID.eq(Sql.arg(EventStore.GROUP_ID))));

    private final Hub hub;
    private final EventStore store;

    GroupEvents(Hub hub, EventStore store) {
        this.store = store;
        this.hub = hub;
    }

    /**
     * Locks the group for the transaction and returns its log; call it before reading what the
     * change depends on, so the reads see every earlier change of the group. Calling it again in the
     * same transaction returns the same log. The events it logs reach the streams after the commit.
     */
    public Log lock(Tx tx, long groupId) {
        return tx.resource(new LogKey(groupId), () -> {
            boolean sqlite = tx.dsl().dialect().family() == SQLDialect.SQLITE;
            Log log = new Log(tx, groupId, lockRow(tx, groupId, sqlite), sqlite);
            tx.beforeCommit(log::moveHead);
            tx.afterCommit(log::committed);
            return log;
        });
    }

    /** The id of the group's latest event: a page read after it is at least that recent, and its stream starts there. */
    public long head(long groupId) {
        return store.head(groupId);
    }

    private record LogKey(long groupId) {
    }

    private static long lockRow(Tx tx, long groupId, boolean sqlite) {
        // An UPDATE takes the row lock; the activity time it sets is what the retention purge looks
        // at. MariaDB's first consistent read happens after this, so the transaction sees every
        // change committed before it got the lock. SQLite's writes run one at a time (one writer,
        // see db.GroupCommit): no lock to take, and the activity is set with the head at the end.
        // PostgreSQL takes the lock and reads the head in one statement.
        DSLContext q = tx.dsl();
        Optional<Record> head;
        if (q.dialect().family() == SQLDialect.POSTGRES) {
            head = TOUCH_RETURNING_HEAD.fetchOptional(q, System.currentTimeMillis(), groupId);
        } else {
            if (!sqlite) {
                TOUCH.execute(q, System.currentTimeMillis(), groupId);
            }
            head = EventStore.HEAD.fetchOptional(q, groupId);
        }
        Long seq = head.map(r -> r.get(EventStore.EVENT_SEQ)).orElse(null);
        return seq == null ? 0L : seq;
    }

    /** The events one transaction adds to one group. */
    public final class Log {

        private final Tx tx;
        private final long groupId;
        private long seq;
        private boolean deleted;
        private final List<LiveEvent> added = new ArrayList<>();
        private boolean stored;

        private final boolean sqlite;

        private Log(Tx tx, long groupId, long seq, boolean sqlite) {
            this.tx = tx;
            this.groupId = groupId;
            this.seq = seq;
            this.sqlite = sqlite;
        }

        /**
         * Logs an event with the next id of the group and returns that id; {@code data} becomes its JSON
         * object. Its row is written with the transaction's other events, before the commit.
         */
        public long add(String type, Object data) {
            if (stored) {
                throw new IllegalStateException("The group's events of this transaction are already stored");
            }
            String text = hub.json(data);
            LiveEvent event = new LiveEvent(groupId, seq + 1, type, text);
            seq = event.seq();
            added.add(event);
            return seq;
        }

        /**
         * Before the commit: the transaction's events are stored together (one round trip to a server)
         * and the group's head moves once to the last of them (on SQLite its activity is set too). A
         * group being deleted takes its log with it: nothing to store.
         */
        private void moveHead() {
            stored = true;
            if (deleted) {
                return;
            }
            long now = System.currentTimeMillis();
            if (!added.isEmpty()) {
                INSERT.executeBatch(tx.dsl(),
                        added.stream().map(e -> new Object[]{groupId, e.seq(), e.type(), e.data(), now}).toList());
            }
            if (sqlite || !added.isEmpty()) {
                MOVE_HEAD.execute(tx.dsl(), now, seq, groupId);
            }
        }

        /** The group is being deleted: its streams are told after the commit (its log goes with the group). */
        public void deleted() {
            deleted = true;
        }

        private void committed() {
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
