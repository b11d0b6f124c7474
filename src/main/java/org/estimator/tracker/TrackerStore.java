package org.estimator.tracker;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import java.util.List;
import java.util.Optional;

import org.estimator.db.Tx;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.SQLDataType;

/** The SQL of a group's tracker connection ({@code tracker}) and of its write-backs ({@code tracker_writeback}). */
final class TrackerStore {

    /** A final estimate to write back, and where that stands. */
    record WriteBack(long issueId, long groupId, long trackerId, String key, String card, State state, int attempts,
            long nextAt, String message, long updatedAt) {
    }

    /** PENDING: to be written (at {@code nextAt}); DONE: written; FAILED: given up on until retried by hand. */
    enum State {
        PENDING, DONE, FAILED
    }

    private static final Table<Record> TRACKER = table(name("tracker"));
    private static final Field<Long> ID = field(name("tracker", "id"), SQLDataType.BIGINT.identity(true));
    private static final Field<Long> GROUP_ID = field(name("tracker", "group_id"), SQLDataType.BIGINT);
    private static final Field<String> KIND = field(name("tracker", "kind"), SQLDataType.VARCHAR);
    private static final Field<String> BASE_URL = field(name("tracker", "base_url"), SQLDataType.VARCHAR);
    private static final Field<String> PROJECT = field(name("tracker", "project"), SQLDataType.VARCHAR);
    private static final Field<String> FILTER = field(name("tracker", "issue_filter"), SQLDataType.VARCHAR);
    private static final Field<String> MILESTONE = field(name("tracker", "milestone"), SQLDataType.VARCHAR);
    private static final Field<String> EMAIL = field(name("tracker", "email"), SQLDataType.VARCHAR);
    private static final Field<String> TOKEN = field(name("tracker", "token_secret"), SQLDataType.VARCHAR);
    private static final Field<String> POINTS = field(name("tracker", "points_field"), SQLDataType.VARCHAR);
    private static final Field<Integer> COMMENT = field(name("tracker", "add_comment"), SQLDataType.INTEGER);
    private static final Field<Long> SAVED_BY = field(name("tracker", "saved_by"), SQLDataType.BIGINT);
    private static final Field<Long> SAVED_AT = field(name("tracker", "saved_at"), SQLDataType.BIGINT);

    private static final Table<Record> JOB = table(name("tracker_writeback"));
    private static final Field<Long> J_ISSUE = field(name("tracker_writeback", "issue_id"), SQLDataType.BIGINT);
    private static final Field<Long> J_GROUP = field(name("tracker_writeback", "group_id"), SQLDataType.BIGINT);
    private static final Field<Long> J_TRACKER = field(name("tracker_writeback", "tracker_id"), SQLDataType.BIGINT);
    private static final Field<String> J_KEY = field(name("tracker_writeback", "tracker_key"), SQLDataType.VARCHAR);
    private static final Field<String> J_CARD = field(name("tracker_writeback", "card"), SQLDataType.VARCHAR);
    private static final Field<String> J_STATE = field(name("tracker_writeback", "state"), SQLDataType.VARCHAR);
    private static final Field<Integer> J_ATTEMPTS = field(name("tracker_writeback", "attempts"), SQLDataType.INTEGER);
    private static final Field<Long> J_NEXT = field(name("tracker_writeback", "next_at"), SQLDataType.BIGINT);
    private static final Field<Long> J_CLAIMED = field(name("tracker_writeback", "claimed_until"), SQLDataType.BIGINT);
    private static final Field<String> J_MESSAGE = field(name("tracker_writeback", "message"), SQLDataType.VARCHAR);
    private static final Field<Long> J_UPDATED = field(name("tracker_writeback", "updated_at"), SQLDataType.BIGINT);

    private TrackerStore() {
    }

    static Optional<Connection> find(DSLContext q, long groupId) {
        return q.select(List.of(ID, GROUP_ID, KIND, BASE_URL, PROJECT, FILTER, MILESTONE, EMAIL, TOKEN, POINTS, COMMENT,
                SAVED_BY, SAVED_AT)).from(TRACKER).where(GROUP_ID.eq(groupId)).fetchOptional(r -> new Connection(
                        r.get(ID), r.get(GROUP_ID), Connection.Kind.valueOf(r.get(KIND)), r.get(BASE_URL),
                        r.get(PROJECT), r.get(FILTER), r.get(MILESTONE), r.get(EMAIL), r.get(TOKEN), r.get(POINTS),
                        r.get(COMMENT) != 0, r.get(SAVED_BY), r.get(SAVED_AT)));
    }

    /** Inserts the group's connection; the caller removed any other one first. Returns its id. */
    static long insert(Tx tx, Connection c) {
        return tx.dsl().insertInto(TRACKER)
                .columns(GROUP_ID, KIND, BASE_URL, PROJECT, FILTER, MILESTONE, EMAIL, TOKEN, POINTS, COMMENT, SAVED_BY,
                        SAVED_AT)
                .values(c.groupId(), c.kind().name(), c.baseUrl(), c.project(), c.query(), c.milestone(), c.email(),
                        c.tokenSecret(), c.pointsField(), c.comment() ? 1 : 0, c.savedBy(), c.savedAt())
                .returningResult(ID).fetchOne(ID);
    }

    /** Changes what a connection asks and with which token, keeping its id (its issues stay linked to it). */
    static void update(Tx tx, Connection c) {
        tx.dsl().update(TRACKER).set(FILTER, c.query()).set(MILESTONE, c.milestone()).set(EMAIL, c.email())
                .set(TOKEN, c.tokenSecret()).set(POINTS, c.pointsField()).set(COMMENT, c.comment() ? 1 : 0)
                .set(SAVED_BY, c.savedBy()).set(SAVED_AT, c.savedAt()).where(ID.eq(c.id())).execute();
    }

    static void pointsField(Tx tx, long id, String field) {
        tx.dsl().update(TRACKER).set(POINTS, field).where(ID.eq(id).and(POINTS.isNull())).execute();
    }

    static boolean delete(Tx tx, long groupId) {
        return tx.dsl().deleteFrom(TRACKER).where(GROUP_ID.eq(groupId)).execute() == 1;
    }

    /** Records a final estimate to write back, replacing what an earlier lock of the issue left. */
    static void writeBack(Tx tx, long issueId, long groupId, long trackerId, String key, String card, long now) {
        tx.dsl().deleteFrom(JOB).where(J_ISSUE.eq(issueId)).execute();
        tx.dsl().insertInto(JOB)
                .columns(J_ISSUE, J_GROUP, J_TRACKER, J_KEY, J_CARD, J_STATE, J_ATTEMPTS, J_NEXT, J_CLAIMED, J_UPDATED)
                .values(issueId, groupId, trackerId, key, card, State.PENDING.name(), 0, now, 0L, now).execute();
    }

    static Optional<WriteBack> writeBackOf(DSLContext q, long issueId) {
        return q.select(jobColumns()).from(JOB).where(J_ISSUE.eq(issueId)).fetchOptional(TrackerStore::job);
    }

    /** Pending write-backs that are due and that no instance is writing. */
    static List<WriteBack> due(DSLContext q, long now, int limit) {
        return q.select(jobColumns()).from(JOB)
                .where(J_STATE.eq(State.PENDING.name()).and(J_NEXT.le(now)).and(J_CLAIMED.lt(now)))
                .orderBy(J_NEXT).limit(limit).fetch(TrackerStore::job);
    }

    /** Takes a due write-back until {@code until}; false when another instance took it first. */
    static boolean claim(Tx tx, long issueId, long now, long until) {
        return tx.dsl().update(JOB).set(J_CLAIMED, until)
                .where(J_ISSUE.eq(issueId).and(J_STATE.eq(State.PENDING.name())).and(J_NEXT.le(now))
                        .and(J_CLAIMED.lt(now)))
                .execute() == 1;
    }

    /**
     * Records how a claimed write-back went; false (nothing changed) when the issue was locked again
     * meanwhile (its row was replaced, so the claim is gone).
     */
    static boolean finish(Tx tx, long issueId, long claim, State state, int attempts, long nextAt, String message,
            long now) {
        return tx.dsl().update(JOB).set(J_STATE, state.name()).set(J_ATTEMPTS, attempts).set(J_NEXT, nextAt)
                .set(J_CLAIMED, 0L).set(J_MESSAGE, message).set(J_UPDATED, now)
                .where(J_ISSUE.eq(issueId).and(J_CLAIMED.eq(claim))).execute() == 1;
    }

    /** Makes a write-back due now, from its first attempt; false when the issue has none. */
    static boolean retry(Tx tx, long issueId, long now) {
        return tx.dsl().update(JOB).set(J_STATE, State.PENDING.name()).set(J_ATTEMPTS, 0).set(J_NEXT, now)
                .set(J_CLAIMED, 0L).set(J_UPDATED, now).where(J_ISSUE.eq(issueId)).execute() == 1;
    }

    static void dropWriteBack(Tx tx, long issueId) {
        tx.dsl().deleteFrom(JOB).where(J_ISSUE.eq(issueId)).execute();
    }

    private static List<Field<?>> jobColumns() {
        return List.of(J_ISSUE, J_GROUP, J_TRACKER, J_KEY, J_CARD, J_STATE, J_ATTEMPTS, J_NEXT, J_MESSAGE, J_UPDATED);
    }

    private static WriteBack job(Record r) {
        return new WriteBack(r.get(J_ISSUE), r.get(J_GROUP), r.get(J_TRACKER), r.get(J_KEY), r.get(J_CARD),
                State.valueOf(r.get(J_STATE)), r.get(J_ATTEMPTS), r.get(J_NEXT), r.get(J_MESSAGE), r.get(J_UPDATED));
    }
}
