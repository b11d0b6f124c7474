package org.estimator.issue;

import static org.jooq.impl.DSL.coalesce;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.max;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import java.util.List;
import java.util.Optional;

import org.estimator.db.Sql;
import org.estimator.db.Tx;
import org.estimator.group.EstimationGroup.RevealMode;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.SelectJoinStep;
import org.jooq.Table;
import org.jooq.impl.SQLDataType;

/** The SQL of {@code issue}. */
final class IssueStore {

    private static final Table<Record> ISSUE = table(name("issue"));
    private static final Field<Long> ID = field(name("issue", "id"), SQLDataType.BIGINT.identity(true));
    private static final Field<Long> GROUP_ID = field(name("issue", "group_id"), SQLDataType.BIGINT);
    private static final Field<String> STORY_REF = field(name("issue", "story_ref"), SQLDataType.VARCHAR);
    private static final Field<String> DESCRIPTION = field(name("issue", "description"), SQLDataType.VARCHAR);
    private static final Field<String> LINK = field(name("issue", "link"), SQLDataType.VARCHAR);
    private static final Field<String> STATE = field(name("issue", "state"), SQLDataType.VARCHAR);
    private static final Field<String> FINAL = field(name("issue", "final_estimate"), SQLDataType.VARCHAR);
    private static final Field<Integer> SORT = field(name("issue", "sort_order"), SQLDataType.INTEGER);
    private static final Field<Integer> ROUND = field(name("issue", "round_no"), SQLDataType.INTEGER);
    private static final Field<Long> TIMER = field(name("issue", "timer_ends_at"), SQLDataType.BIGINT);
    private static final Field<String> ROUND_MODE = field(name("issue", "round_reveal_mode"), SQLDataType.VARCHAR);
    private static final Field<Long> TRACKER_ID = field(name("issue", "tracker_id"), SQLDataType.BIGINT);
    private static final Field<String> TRACKER_KEY = field(name("issue", "tracker_key"), SQLDataType.VARCHAR);
    private static final Field<Long> DEADLINE = field(name("issue", "deadline_at"), SQLDataType.BIGINT);
    private static final Field<Long> FIRST_CARD = field(name("issue", "first_card_at"), SQLDataType.BIGINT);
    private static final Field<Long> LOCKED_AT = field(name("issue", "locked_at"), SQLDataType.BIGINT);
    private static final Field<Long> CREATED_AT = field(name("issue", "created_at"), SQLDataType.BIGINT);
    private static final Field<Long> UPDATED_AT = field(name("issue", "updated_at"), SQLDataType.BIGINT);
    private static final Table<Record> GROUP = table(name("estimation_group"));
    private static final Field<Long> G_ID = field(name("estimation_group", "id"), SQLDataType.BIGINT);
    private static final Field<String> G_REVEAL_MODE = field(name("estimation_group", "reveal_mode"),
            SQLDataType.VARCHAR);
    private static final Field<Integer> G_REVIEW_MIN = field(name("estimation_group", "review_min_cards"),
            SQLDataType.INTEGER);
    private static final Field<Integer> G_AUTO_REVEAL = field(name("estimation_group", "auto_reveal"),
            SQLDataType.INTEGER);

    // Every card given runs these: rendered once (see Sql).
    private static final Sql ROUND_OF = Sql
            .of(q -> q.select(STATE, ROUND_MODE, G_REVEAL_MODE, G_REVIEW_MIN, G_AUTO_REVEAL).from(ISSUE).join(GROUP)
                    .on(G_ID.eq(GROUP_ID)).where(ID.eq(Sql.arg(ID)).and(GROUP_ID.eq(Sql.arg(GROUP_ID)))));
    private static final Sql FIX_ROUND_MODE = Sql.of(q -> q.update(ISSUE).set(ROUND_MODE, Sql.arg(ROUND_MODE))
            .set(FIRST_CARD, coalesce(FIRST_CARD, Sql.arg(FIRST_CARD)))
            .where(ID.eq(Sql.arg(ID)).and(ROUND_MODE.isNull())));
    private static final Sql FIND = Sql
            .of(q -> select(q).where(ID.eq(Sql.arg(ID)).and(GROUP_ID.eq(Sql.arg(GROUP_ID)))));

    private IssueStore() {
    }

    static long insert(Tx tx, long groupId, String storyRef, String description, String link, Issue.Origin origin,
            int sortOrder, long now) {
        return tx.dsl().insertInto(ISSUE)
                .columns(GROUP_ID, STORY_REF, DESCRIPTION, LINK, TRACKER_ID, TRACKER_KEY, STATE, SORT, ROUND,
                        CREATED_AT, UPDATED_AT)
                .values(groupId, storyRef, description, link, origin == null ? null : origin.trackerId(),
                        origin == null ? null : origin.key(), Issue.State.OPEN.name(), sortOrder, 1, now, now)
                .returningResult(ID).fetchOne(ID);
    }

    static List<Issue> list(DSLContext q, long groupId) {
        return select(q).where(GROUP_ID.eq(groupId)).orderBy(SORT, ID).fetch(IssueStore::issue);
    }

    /** The issue if it belongs to the group. */
    static Optional<Issue> find(DSLContext q, long groupId, long issueId) {
        return FIND.fetchOptional(q, issueId, groupId).map(IssueStore::issue);
    }

    static Optional<IssueService.Round> round(DSLContext q, long groupId, long issueId) {
        return ROUND_OF.fetchOptional(q, issueId, groupId).map(r -> new IssueService.Round(
                Issue.State.valueOf(r.get(STATE)), mode(r.get(ROUND_MODE)), mode(r.get(G_REVEAL_MODE)),
                r.get(G_REVIEW_MIN), r.get(G_AUTO_REVEAL) != 0));
    }

    static int count(DSLContext q, long groupId) {
        return q.fetchCount(ISSUE, GROUP_ID.eq(groupId));
    }

    /** The story references of the group's issues. */
    static java.util.Set<String> storyRefs(DSLContext q, long groupId) {
        return q.select(STORY_REF).from(ISSUE).where(GROUP_ID.eq(groupId)).fetchSet(STORY_REF);
    }

    static int lastPosition(DSLContext q, long groupId) {
        Integer last = q.select(max(SORT)).from(ISSUE).where(GROUP_ID.eq(groupId)).fetchOne(0, Integer.class);
        return last == null ? 0 : last;
    }

    /** Writes what the issue is now (everything but its group and creation time). */
    static void update(Tx tx, Issue i) {
        tx.dsl().update(ISSUE).set(STORY_REF, i.storyRef()).set(DESCRIPTION, i.description())
                .set(LINK, i.link())
                .set(STATE, i.state().name())
                .set(FINAL, i.finalEstimate()).set(SORT, i.sortOrder()).set(ROUND, i.round())
                .set(TIMER, i.timerEndsAt()).set(DEADLINE, i.deadlineAt()).set(LOCKED_AT, i.lockedAt())
                .set(ROUND_MODE, i.roundRevealMode() == null ? null : i.roundRevealMode().name())
                .set(UPDATED_AT, System.currentTimeMillis()).where(ID.eq(i.id())).execute();
    }

    static void position(Tx tx, long issueId, int sortOrder) {
        tx.dsl().update(ISSUE).set(SORT, sortOrder).where(ID.eq(issueId)).execute();
    }

    /** Fixes the round's style at its first card (a no-op once fixed), and notes the issue's first card ever. */
    static void fixRoundMode(Tx tx, long issueId, RevealMode mode, long now) {
        FIX_ROUND_MODE.execute(tx.dsl(), mode.name(), now, issueId);
    }

    static void clearRoundModes(Tx tx, long groupId) {
        tx.dsl().update(ISSUE).setNull(ROUND_MODE).where(GROUP_ID.eq(groupId)).execute();
    }

    static void delete(Tx tx, long issueId) {
        tx.dsl().deleteFrom(ISSUE).where(ID.eq(issueId)).execute();
    }

    /** Issues (id, group id) whose round timer ran out by {@code now}, oldest first. */
    static List<long[]> dueTimers(DSLContext q, long now, int limit) {
        return q.select(ID, GROUP_ID).from(ISSUE).where(TIMER.le(now)).orderBy(TIMER).limit(limit)
                .fetch(r -> new long[]{r.value1(), r.value2()});
    }

    static List<Issue> openWithDeadline(DSLContext q, java.util.Collection<Long> groupIds) {
        return select(q).where(GROUP_ID.in(groupIds).and(STATE.eq(Issue.State.OPEN.name())).and(DEADLINE.isNotNull()))
                .orderBy(DEADLINE, ID).fetch(IssueStore::issue);
    }

    /** Issues (id, group id) whose round's deadline passed by {@code now} while still open, oldest first. */
    static List<long[]> dueDeadlines(DSLContext q, long now, int limit) {
        return q.select(ID, GROUP_ID).from(ISSUE).where(DEADLINE.le(now).and(STATE.eq(Issue.State.OPEN.name())))
                .orderBy(DEADLINE).limit(limit).fetch(r -> new long[]{r.value1(), r.value2()});
    }

    /**
     * Closes and reveals an open round whose deadline passed by {@code now}; false when it was closed
     * otherwise, or by another instance, first.
     */
    static boolean closeAtDeadline(Tx tx, long issueId, long now) {
        return tx.dsl().update(ISSUE).set(STATE, Issue.State.REVEALED.name()).setNull(DEADLINE).setNull(TIMER)
                .set(UPDATED_AT, now)
                .where(ID.eq(issueId).and(STATE.eq(Issue.State.OPEN.name())).and(DEADLINE.le(now))).execute() == 1;
    }

    /** Ends the issue's timer if it ran out by {@code now}; false when another instance (or a stop) did. */
    static boolean endTimer(Tx tx, long issueId, long now) {
        return tx.dsl().update(ISSUE).setNull(TIMER).where(ID.eq(issueId).and(TIMER.le(now))).execute() == 1;
    }

    private static SelectJoinStep<Record> select(DSLContext q) {
        return q.select(List.of(ID, GROUP_ID, STORY_REF, DESCRIPTION, LINK, STATE, FINAL, SORT, ROUND, TIMER,
                ROUND_MODE, TRACKER_ID, TRACKER_KEY, DEADLINE, FIRST_CARD, LOCKED_AT)).from(ISSUE);
    }

    private static Issue issue(Record r) {
        Long trackerId = r.get(TRACKER_ID);
        return new Issue(r.get(ID), r.get(GROUP_ID), r.get(STORY_REF), r.get(DESCRIPTION), r.get(LINK),
                Issue.State.valueOf(r.get(STATE)),
                r.get(FINAL), r.get(SORT), r.get(ROUND), r.get(TIMER), mode(r.get(ROUND_MODE)),
                trackerId == null ? null : new Issue.Origin(trackerId, r.get(TRACKER_KEY)), r.get(DEADLINE),
                r.get(FIRST_CARD), r.get(LOCKED_AT));
    }

    private static RevealMode mode(String value) {
        return value == null ? null : RevealMode.valueOf(value);
    }
}
