package org.estimator.group;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import java.util.List;
import java.util.Optional;

import org.estimator.account.User;
import org.estimator.db.Sql;
import org.estimator.db.Tx;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.SelectJoinStep;
import org.jooq.Table;
import org.jooq.impl.SQLDataType;

/** The SQL of {@code estimation_group}, the group's own row (its event log's columns belong to live.EventStore). */
final class GroupStore {

    static final Table<Record> GROUP = table(name("estimation_group"));
    static final Field<Long> ID = field(name("estimation_group", "id"), SQLDataType.BIGINT.identity(true));
    static final Field<String> NAME = field(name("estimation_group", "name"), SQLDataType.VARCHAR);
    private static final Field<Long> OWNER = field(name("estimation_group", "owner_id"), SQLDataType.BIGINT);
    private static final Field<String> DECK = field(name("estimation_group", "deck"), SQLDataType.VARCHAR);
    private static final Field<String> CUSTOM_DECK = field(name("estimation_group", "custom_deck"),
            SQLDataType.VARCHAR);
    private static final Field<String> REVEAL_MODE = field(name("estimation_group", "reveal_mode"),
            SQLDataType.VARCHAR);
    private static final Field<String> ISSUE_POLICY = field(name("estimation_group", "issue_policy"),
            SQLDataType.VARCHAR);
    private static final Field<Integer> AUTO_REVEAL = field(name("estimation_group", "auto_reveal"),
            SQLDataType.INTEGER);
    private static final Field<Integer> REVIEW_MIN = field(name("estimation_group", "review_min_cards"),
            SQLDataType.INTEGER);
    private static final Field<Long> CREATED_AT = field(name("estimation_group", "created_at"), SQLDataType.BIGINT);
    private static final Field<Long> LAST_ACTIVITY_AT = field(name("estimation_group", "last_activity_at"),
            SQLDataType.BIGINT);
    private static final Table<Record> USER = table(name("app_user"));
    private static final Field<Long> USER_ID = field(name("app_user", "id"), SQLDataType.BIGINT);
    private static final Field<String> USER_NICKNAME = field(name("app_user", "nickname"), SQLDataType.VARCHAR);

    /** What a group is read with (see {@link #group}): its row and its owner's nickname. */
    static final List<Field<?>> FIELDS = List.of(ID, NAME, OWNER, USER_NICKNAME, DECK, CUSTOM_DECK, REVEAL_MODE,
            ISSUE_POLICY, REVIEW_MIN, AUTO_REVEAL);
    static final Table<?> WITH_OWNER = GROUP.join(USER).on(USER_ID.eq(OWNER));

    // Nearly every request reads its group: rendered once (see Sql).
    private static final Sql BY_NAME = Sql.of(q -> select(q).where(NAME.eq(Sql.arg(NAME))));
    private static final Sql BY_ID = Sql.of(q -> select(q).where(ID.eq(Sql.arg(ID))));

    private GroupStore() {
    }

    /** Inserts a group with the default settings; returns its id when {@code wantId} (SQLite pays a statement for it). */
    static Long insert(Tx tx, String name, long ownerId, boolean wantId) {
        long now = System.currentTimeMillis();
        var insert = tx.dsl().insertInto(GROUP)
                .columns(NAME, OWNER, DECK, REVEAL_MODE, ISSUE_POLICY, REVIEW_MIN, CREATED_AT,
                        LAST_ACTIVITY_AT)
                .values(name, ownerId, EstimationGroup.DEFAULT_DECK, EstimationGroup.RevealMode.ANONYMOUS.name(),
                        EstimationGroup.IssuePolicy.OWNER.name(), EstimationGroup.DEFAULT_REVIEW_MIN_CARDS, now, now);
        if (!wantId) {
            insert.execute();
            return null;
        }
        return insert.returningResult(ID).fetchOne(ID);
    }

    /**
     * The seed's anonymous GET, the hottest read: one plain SQL statement, because rendering jOOQ's
     * {@code fetchExists} (an EXISTS around a sub-select) took a quarter of the request's CPU
     * (bench/RESULTS.md, 2026-12-02).
     */
    static boolean exists(DSLContext q, String name) {
        return q.resultQuery("SELECT 1 FROM estimation_group WHERE name = ?", name).fetchOne() != null;
    }

    static Optional<EstimationGroup> byName(DSLContext q, String name) {
        return BY_NAME.fetchOptional(q, name).map(GroupStore::group);
    }

    static Optional<EstimationGroup> byId(DSLContext q, long id) {
        return BY_ID.fetchOptional(q, id).map(GroupStore::group);
    }

    private static SelectJoinStep<?> select(DSLContext q) {
        return q.select(FIELDS).from(WITH_OWNER);
    }

    static EstimationGroup group(Record r) {
        return new EstimationGroup(r.get(ID), r.get(NAME), r.get(OWNER), r.get(USER_NICKNAME), r.get(DECK),
                r.get(CUSTOM_DECK), EstimationGroup.RevealMode.valueOf(r.get(REVEAL_MODE)),
                EstimationGroup.IssuePolicy.valueOf(r.get(ISSUE_POLICY)), r.get(REVIEW_MIN), r.get(AUTO_REVEAL) != 0);
    }

    static void settings(Tx tx, long id, String deck, String customDeck, EstimationGroup.RevealMode revealMode,
            EstimationGroup.IssuePolicy issuePolicy, int reviewMinCards, boolean autoReveal) {
        tx.dsl().update(GROUP).set(DECK, deck).set(CUSTOM_DECK, customDeck).set(REVEAL_MODE, revealMode.name())
                .set(ISSUE_POLICY, issuePolicy.name()).set(REVIEW_MIN, reviewMinCards)
                .set(AUTO_REVEAL, autoReveal ? 1 : 0)
                .where(ID.eq(id)).execute();
    }

    static void owner(Tx tx, long id, User owner) {
        tx.dsl().update(GROUP).set(OWNER, owner.id()).where(ID.eq(id)).execute();
    }

    /** Deletes the group; the foreign keys cascade to everything in it. */
    static void delete(Tx tx, long id) {
        tx.dsl().deleteFrom(GROUP).where(ID.eq(id)).execute();
    }
}
