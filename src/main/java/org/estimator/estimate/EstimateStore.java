package org.estimator.estimate;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.select;
import static org.jooq.impl.DSL.table;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.estimator.db.Sql;
import org.estimator.db.Tx;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/** The SQL of {@code estimate}: the secret cards of the open rounds. */
final class EstimateStore {

    /** A card with the nickname of who gave it: only ever shown for an open-mode round after its reveal. */
    record Card(String card, String nickname) {
    }

    private static final Table<Record> ESTIMATE = table(name("estimate"));
    private static final Field<Long> ISSUE_ID = field(name("estimate", "issue_id"), SQLDataType.BIGINT);
    private static final Field<Long> USER_ID = field(name("estimate", "user_id"), SQLDataType.BIGINT);
    private static final Field<String> CARD = field(name("estimate", "card"), SQLDataType.VARCHAR);
    private static final Field<Long> CREATED_AT = field(name("estimate", "created_at"), SQLDataType.BIGINT);
    private static final Field<Long> UPDATED_AT = field(name("estimate", "updated_at"), SQLDataType.BIGINT);
    private static final Table<Record> ISSUE = table(name("issue"));
    private static final Field<Long> I_ID = field(name("issue", "id"), SQLDataType.BIGINT);
    private static final Field<Long> I_GROUP = field(name("issue", "group_id"), SQLDataType.BIGINT);
    private static final Table<Record> USER = table(name("app_user"));
    private static final Field<Long> U_ID = field(name("app_user", "id"), SQLDataType.BIGINT);
    private static final Field<String> U_NICKNAME = field(name("app_user", "nickname"), SQLDataType.VARCHAR);

    // The statements of every card given: rendered once (see Sql).
    private static final Sql REPLACE = Sql.of(q -> q.update(ESTIMATE).set(CARD, Sql.arg(CARD))
            .set(UPDATED_AT, Sql.arg(UPDATED_AT))
            .where(ISSUE_ID.eq(Sql.arg(ISSUE_ID)).and(USER_ID.eq(Sql.arg(USER_ID)))));
    private static final Sql INSERT = Sql.of(q -> q.insertInto(ESTIMATE)
            .columns(ISSUE_ID, USER_ID, CARD, CREATED_AT, UPDATED_AT).values(Sql.arg(ISSUE_ID), Sql.arg(USER_ID),
                    Sql.arg(CARD), Sql.arg(CREATED_AT), Sql.arg(UPDATED_AT)));
    private static final Sql LABELS = Sql.of(q -> q.select(CARD).from(ESTIMATE).where(ISSUE_ID.eq(Sql.arg(ISSUE_ID))));

    private EstimateStore() {
    }

    /** Replaces the member's card; false when they have none in this round yet. */
    static boolean replace(Tx tx, long issueId, long userId, String card, long now) {
        return REPLACE.execute(tx.dsl(), card, now, issueId, userId) == 1;
    }

    static void insert(Tx tx, long issueId, long userId, String card, long now) {
        INSERT.execute(tx.dsl(), issueId, userId, card, now, now);
    }

    /** The round's cards without who gave them, in no particular order. */
    static List<String> labels(DSLContext q, long issueId) {
        return LABELS.fetch(q, issueId).map(r -> r.get(CARD));
    }

    static Optional<String> mine(DSLContext q, long issueId, long userId) {
        return q.select(CARD).from(ESTIMATE).where(ISSUE_ID.eq(issueId).and(USER_ID.eq(userId))).fetchOptional(CARD);
    }

    static List<Card> cards(DSLContext q, long issueId) {
        return q.select(CARD, U_NICKNAME).from(ESTIMATE).join(USER).on(U_ID.eq(USER_ID)).where(ISSUE_ID.eq(issueId))
                .orderBy(CARD, U_NICKNAME).fetch(r -> new Card(r.value1(), r.value2()));
    }

    static Map<Long, Integer> countsByIssue(DSLContext q, long groupId) {
        Map<Long, Integer> counts = new HashMap<>();
        q.select(ISSUE_ID, DSL.count()).from(ESTIMATE).join(ISSUE).on(I_ID.eq(ISSUE_ID)).where(I_GROUP.eq(groupId))
                .groupBy(ISSUE_ID).fetch().forEach(r -> counts.put(r.value1(), r.value2()));
        return counts;
    }

    /** How many cards each of these issues has (issues without any are left out). */
    static Map<Long, Integer> counts(DSLContext q, java.util.Collection<Long> issueIds) {
        Map<Long, Integer> counts = new HashMap<>();
        q.select(ISSUE_ID, DSL.count()).from(ESTIMATE).where(ISSUE_ID.in(issueIds)).groupBy(ISSUE_ID).fetch()
                .forEach(r -> counts.put(r.value1(), r.value2()));
        return counts;
    }

    /** Which of these issues the user has given a card in. */
    static java.util.Set<Long> givenBy(DSLContext q, long userId, java.util.Collection<Long> issueIds) {
        return q.select(ISSUE_ID).from(ESTIMATE).where(USER_ID.eq(userId).and(ISSUE_ID.in(issueIds)))
                .fetchSet(ISSUE_ID);
    }

    /** Deletes every card of the group's rounds; returns the issues that had any, in id order. */
    static List<Long> deleteForGroup(Tx tx, long groupId) {
        List<Long> issues = tx.dsl().selectDistinct(ISSUE_ID).from(ESTIMATE).join(ISSUE).on(I_ID.eq(ISSUE_ID))
                .where(I_GROUP.eq(groupId)).orderBy(ISSUE_ID).fetch(ISSUE_ID);
        if (!issues.isEmpty()) {
            tx.dsl().deleteFrom(ESTIMATE).where(ISSUE_ID.in(select(I_ID).from(ISSUE).where(I_GROUP.eq(groupId))))
                    .execute();
        }
        return issues;
    }

    static void deleteForIssue(Tx tx, long issueId) {
        tx.dsl().deleteFrom(ESTIMATE).where(ISSUE_ID.eq(issueId)).execute();
    }
}
