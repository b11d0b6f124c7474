package org.estimator.live;

import static org.jooq.impl.DSL.coalesce;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.sum;
import static org.jooq.impl.DSL.table;
import static org.jooq.impl.DSL.when;

import java.math.BigDecimal;
import java.util.List;

import org.estimator.db.Tx;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.SQLDataType;

/** The SQL of {@code presence} (streams per group, user and instance) and of {@code membership.online}. */
final class PresenceStore {

    /** A member as the presence tick sees them: shown online now or not. */
    record Member(long userId, String nickname, boolean shown) {
    }

    /** One instance's streams of one member. */
    record Row(long userId, int streams, long since, long seenAt) {
    }

    private static final Table<Record> PRESENCE = table(name("presence"));
    private static final Field<Long> GROUP_ID = field(name("presence", "group_id"), SQLDataType.BIGINT);
    private static final Field<Long> USER_ID = field(name("presence", "user_id"), SQLDataType.BIGINT);
    private static final Field<String> INSTANCE = field(name("presence", "instance_id"), SQLDataType.VARCHAR);
    private static final Field<Integer> STREAMS = field(name("presence", "streams"), SQLDataType.INTEGER);
    private static final Field<Long> SEEN_AT = field(name("presence", "seen_at"), SQLDataType.BIGINT);
    private static final Field<Long> SINCE = field(name("presence", "since"), SQLDataType.BIGINT);
    private static final Table<Record> MEMBERSHIP = table(name("membership"));
    private static final Field<Long> M_GROUP = field(name("membership", "group_id"), SQLDataType.BIGINT);
    private static final Field<Long> M_USER = field(name("membership", "user_id"), SQLDataType.BIGINT);
    private static final Field<Integer> M_ONLINE = field(name("membership", "online"), SQLDataType.INTEGER);
    private static final Table<Record> USER = table(name("app_user"));
    private static final Field<Long> U_ID = field(name("app_user", "id"), SQLDataType.BIGINT);
    private static final Field<String> U_NICKNAME = field(name("app_user", "nickname"), SQLDataType.VARCHAR);

    private PresenceStore() {
    }

    /** The user's open streams on all instances, counting only rows refreshed after {@code freshAfter}. */
    static int openStreams(DSLContext q, long userId, long freshAfter) {
        BigDecimal open = q.select(coalesce(sum(STREAMS), BigDecimal.ZERO)).from(PRESENCE)
                .where(USER_ID.eq(userId).and(SEEN_AT.gt(freshAfter))).fetchOne(0, BigDecimal.class);
        return open == null ? 0 : open.intValue();
    }

    /** Counts one more stream on the instance's row; false when the row does not exist yet. */
    static boolean addStream(Tx tx, long groupId, long userId, String instance, long now) {
        return tx.dsl().update(PRESENCE).set(SINCE, when(STREAMS.eq(0), inline(now)).otherwise(SINCE))
                .set(STREAMS, STREAMS.plus(1)).set(SEEN_AT, now).where(row(groupId, userId, instance)).execute() == 1;
    }

    static void insert(Tx tx, long groupId, long userId, String instance, long now) {
        tx.dsl().insertInto(PRESENCE).columns(GROUP_ID, USER_ID, INSTANCE, STREAMS, SEEN_AT, SINCE)
                .values(groupId, userId, instance, 1, now, now).execute();
    }

    static void removeStream(Tx tx, long groupId, long userId, String instance, long now) {
        tx.dsl().update(PRESENCE).set(STREAMS, STREAMS.minus(1)).set(SEEN_AT, now)
                .where(row(groupId, userId, instance).and(STREAMS.gt(0))).execute();
    }

    /** The members shown online, by nickname. */
    static List<Presence.Online> shownOnline(DSLContext q, long groupId) {
        return q.select(M_USER, U_NICKNAME).from(MEMBERSHIP).join(USER).on(U_ID.eq(M_USER))
                .where(M_GROUP.eq(groupId).and(M_ONLINE.eq(1))).orderBy(U_NICKNAME, M_USER)
                .fetch(r -> new Presence.Online(r.value1(), r.value2(), true));
    }

    /** The group's members with what they are shown as, by user id. */
    static List<Member> members(DSLContext q, long groupId) {
        return q.select(M_USER, U_NICKNAME, M_ONLINE).from(MEMBERSHIP).join(USER).on(U_ID.eq(M_USER))
                .where(M_GROUP.eq(groupId)).orderBy(M_USER)
                .fetch(r -> new Member(r.value1(), r.value2(), r.value3() == 1));
    }

    static List<Row> rows(DSLContext q, long groupId) {
        return q.select(USER_ID, STREAMS, SINCE, SEEN_AT).from(PRESENCE).where(GROUP_ID.eq(groupId))
                .fetch(r -> new Row(r.value1(), r.value2(), r.value3(), r.value4()));
    }

    static void shown(Tx tx, long groupId, long userId, boolean online) {
        tx.dsl().update(MEMBERSHIP).set(M_ONLINE, online ? 1 : 0).where(M_GROUP.eq(groupId).and(M_USER.eq(userId)))
                .execute();
    }

    /** Rows of closed streams, once their state is announced. */
    static void deleteClosed(Tx tx, long groupId, long seenBefore) {
        tx.dsl().deleteFrom(PRESENCE).where(GROUP_ID.eq(groupId).and(STREAMS.eq(0)).and(SEEN_AT.le(seenBefore)))
                .execute();
    }

    static void refresh(Tx tx, String instance, long now) {
        tx.dsl().update(PRESENCE).set(SEEN_AT, now).where(INSTANCE.eq(instance).and(STREAMS.gt(0))).execute();
    }

    /** The groups with open rows not refreshed since {@code before} (their instance stopped). */
    static List<Long> staleGroups(DSLContext q, long before) {
        return q.selectDistinct(GROUP_ID).from(PRESENCE).where(STREAMS.gt(0).and(SEEN_AT.le(before))).fetch(GROUP_ID);
    }

    static void closeStale(Tx tx, long before) {
        tx.dsl().update(PRESENCE).set(STREAMS, 0).where(STREAMS.gt(0).and(SEEN_AT.le(before))).execute();
    }

    private static Condition row(long groupId, long userId, String instance) {
        return GROUP_ID.eq(groupId).and(USER_ID.eq(userId)).and(INSTANCE.eq(instance));
    }
}
