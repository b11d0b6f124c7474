package org.estimator.live;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.max;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.scheduler.Scheduled;
import org.estimator.config.Settings;
import org.estimator.db.Database;
import org.estimator.db.Sql;
import org.jboss.logging.Logger;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.SQLDataType;

/**
 * The group event log's SQL: {@code group_event}, and the head of each group's log, which the group's
 * row carries ({@code estimation_group.event_seq}, moved by the same transaction as each event).
 */
@ApplicationScoped
class EventStore {

    static final Table<Record> EVENT = table(name("group_event"));
    static final Field<Long> EVENT_GROUP = field(name("group_id"), SQLDataType.BIGINT);
    static final Field<Long> SEQ = field(name("seq"), SQLDataType.BIGINT);
    static final Field<String> TYPE = field(name("type"), SQLDataType.VARCHAR);
    static final Field<String> DATA = field(name("data"), SQLDataType.CLOB);
    static final Field<Long> CREATED_AT = field(name("created_at"), SQLDataType.BIGINT);
    /** The columns of the group's row that belong to its log: the head and the activity time the lock sets. */
    static final Table<Record> GROUP = table(name("estimation_group"));
    static final Field<Long> GROUP_ID = field(name("id"), SQLDataType.BIGINT);
    static final Field<Long> EVENT_SEQ = field(name("event_seq"), SQLDataType.BIGINT);
    static final Field<Long> LAST_ACTIVITY_AT = field(name("last_activity_at"), SQLDataType.BIGINT);
    private static final Field<Long> OWNER = field(name("owner_id"), SQLDataType.BIGINT);

    private static final Logger LOG = Logger.getLogger(EventStore.class);
    // Every stream's opening and catching up runs these: rendered once (see Sql).
    /** The head of a group's log: read by a stream's opening and, under the group's lock, by each change. */
    static final Sql HEAD = Sql.of(q -> q.select(EVENT_SEQ).from(GROUP).where(GROUP_ID.eq(Sql.arg(GROUP_ID))));
    private static final Sql HEAD_AND_OWNER = Sql.of(
            q -> q.select(EVENT_SEQ, OWNER).from(GROUP).where(GROUP_ID.eq(Sql.arg(GROUP_ID))));
    private static final Field<Integer> LIMIT = field(name("limit"), SQLDataType.INTEGER);
    private static final Sql SINCE = Sql.of(q -> q.select(SEQ, TYPE, DATA).from(EVENT)
            .where(EVENT_GROUP.eq(Sql.arg(EVENT_GROUP)).and(SEQ.gt(Sql.arg(SEQ)))).orderBy(SEQ).limit(Sql.arg(LIMIT)));

    private final Database db;
    private final Duration keep;

    EventStore(Database db,
            Settings settings) {
        this.db = db;
        this.keep = settings.events().keep();
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
        Map<Long, Long> upTo = db.read(q -> q.select(EVENT_GROUP, max(SEQ)).from(EVENT).where(CREATED_AT.lt(before))
                .groupBy(EVENT_GROUP).fetchMap(EVENT_GROUP, max(SEQ)));
        int deleted = 0;
        for (Map.Entry<Long, Long> group : upTo.entrySet()) {
            deleted += db.write(tx -> tx.dsl().deleteFrom(EVENT)
                    .where(EVENT_GROUP.eq(group.getKey()).and(SEQ.le(group.getValue()))).execute());
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
        return db.read(q -> HEAD.fetchOptional(q, groupId)).map(r -> r.get(EVENT_SEQ)).orElse(-1L);
    }

    /** A group's head and its owner at that event (one row, so the two agree); -1 and 0 if the group does not exist. */
    record Head(long seq, long owner) {
    }

    Head headAndOwner(long groupId) {
        return db.read(q -> HEAD_AND_OWNER.fetchOptional(q, groupId)).map(r -> new Head(r.get(EVENT_SEQ), r.get(OWNER)))
                .orElse(new Head(-1, 0));
    }

    /** The last event id of each group that still exists. */
    Map<Long, Long> heads(Collection<Long> groupIds) {
        if (groupIds.isEmpty()) {
            return new HashMap<>();
        }
        return db.read(q -> q.select(GROUP_ID, EVENT_SEQ).from(GROUP).where(GROUP_ID.in(groupIds))
                .fetchMap(GROUP_ID, EVENT_SEQ));
    }

    /** Up to {@code limit} events of the group after id {@code after}, in order. */
    List<LiveEvent> since(long groupId, long after, int limit) {
        return db.read(q -> SINCE.fetch(q, groupId, after, limit)
                .map(r -> new LiveEvent(groupId, r.get(SEQ), r.get(TYPE), r.get(DATA))));
    }
}
