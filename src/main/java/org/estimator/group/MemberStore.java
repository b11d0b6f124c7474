package org.estimator.group;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.estimator.account.User;
import org.estimator.db.Sql;
import org.estimator.db.Tx;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Record6;
import org.jooq.Table;
import org.jooq.impl.SQLDataType;

/** The SQL of {@code membership}. */
final class MemberStore {

    private static final Table<Record> MEMBER = table(name("membership"));
    private static final Field<Long> ID = field(name("membership", "id"), SQLDataType.BIGINT);
    private static final Field<Long> GROUP_ID = field(name("membership", "group_id"), SQLDataType.BIGINT);
    private static final Field<Long> USER_ID = field(name("membership", "user_id"), SQLDataType.BIGINT);
    private static final Field<String> ROLE = field(name("membership", "role"), SQLDataType.VARCHAR);
    private static final Field<Long> JOINED_AT = field(name("membership", "joined_at"), SQLDataType.BIGINT);
    private static final Field<Long> JOINED_SEQ = field(name("membership", "joined_seq"), SQLDataType.BIGINT);
    private static final Table<Record> USER = table(name("app_user"));
    private static final Field<Long> U_ID = field(name("app_user", "id"), SQLDataType.BIGINT);
    private static final Field<String> U_NICKNAME = field(name("app_user", "nickname"), SQLDataType.VARCHAR);
    private static final Field<String> U_EMAIL = field(name("app_user", "email"), SQLDataType.VARCHAR);
    private static final Field<String> U_KIND = field(name("app_user", "kind"), SQLDataType.VARCHAR);
    /** The member's account where the query also reads the group's owner's (as {@code app_user}). */
    private static final Table<Record> MEMBER_USER = table(name("app_user")).as("member_user");
    private static final Field<Long> MU_ID = field(name("member_user", "id"), SQLDataType.BIGINT);
    private static final Field<String> MU_NICKNAME = field(name("member_user", "nickname"), SQLDataType.VARCHAR);
    private static final Field<String> MU_KIND = field(name("member_user", "kind"), SQLDataType.VARCHAR);

    // Every action in a group checks the caller's membership (twice: before and inside its write).
    private static final Sql FIND = Sql
            .of(q -> select(q, GROUP_ID.eq(Sql.arg(GROUP_ID)).and(USER_ID.eq(Sql.arg(USER_ID)))));
    /**
     * A group by name with the caller's membership in it, if any: how nearly every request in a group
     * starts (one statement where the group and the membership were two).
     */
    private static final Sql GROUP_WITH_MEMBER = Sql.of(q -> q
            .select(Stream.concat(GroupStore.FIELDS.stream(),
                    Stream.of(GROUP_ID, MU_ID, MU_NICKNAME, MU_KIND, ROLE, JOINED_SEQ)).toList())
            .from(GroupStore.WITH_OWNER)
            .leftJoin(MEMBER).on(GROUP_ID.eq(GroupStore.ID).and(USER_ID.eq(Sql.arg(USER_ID))))
            .leftJoin(MEMBER_USER).on(MU_ID.eq(USER_ID))
            .where(GroupStore.NAME.eq(Sql.arg(GroupStore.NAME))));
    private static final Sql ROLE_OF = Sql.of(q -> q.select(ROLE).from(MEMBER)
            .where(GROUP_ID.eq(Sql.arg(GROUP_ID)).and(USER_ID.eq(Sql.arg(USER_ID)))));

    private MemberStore() {
    }

    static void insert(Tx tx, long groupId, long userId, Membership.Role role) {
        tx.dsl().insertInto(MEMBER).columns(GROUP_ID, USER_ID, ROLE, JOINED_AT)
                .values(groupId, userId, role.name(), System.currentTimeMillis()).execute();
    }

    /** How many members of the group vote (owner and voters; observers do not). */
    static int voters(DSLContext q, long groupId) {
        return q.fetchCount(MEMBER, GROUP_ID.eq(groupId).and(ROLE.ne(Membership.Role.OBSERVER.name())));
    }

    /** The group's members with their accounts, in the order they joined. */
    static List<Membership> list(DSLContext q, long groupId) {
        return select(q, GROUP_ID.eq(groupId)).orderBy(JOINED_AT, ID).fetch(MemberStore::membership);
    }

    static Optional<Membership> find(DSLContext q, long groupId, long userId) {
        return FIND.fetchOptional(q, groupId, userId).map(MemberStore::membership);
    }

    /** The group of that name, if there is one, with that user's membership in it (empty if none). */
    static Optional<GroupService.Entry> groupWithMember(DSLContext q, String groupName, long userId) {
        return GROUP_WITH_MEMBER.fetchOptional(q, userId, groupName)
                .map(r -> new GroupService.Entry(GroupStore.group(r), r.get(ROLE) == null
                        ? Optional.empty()
                        : Optional.of(membership(r, MU_ID, MU_NICKNAME, MU_KIND))));
    }

    /** The member's role as stored now, or null for someone who is not (or no longer) a member. */
    static Membership.Role role(DSLContext q, long groupId, long userId) {
        return ROLE_OF.fetchOptional(q, groupId, userId).map(r -> Membership.Role.valueOf(r.get(ROLE))).orElse(null);
    }

    static int count(DSLContext q, long groupId) {
        return q.fetchCount(MEMBER, GROUP_ID.eq(groupId));
    }

    /** The user's groups with the role in each, for the home page. */
    static List<GroupRole> groupsOf(DSLContext q, long userId) {
        return q.select(GROUP_ID, GroupStore.NAME, ROLE).from(MEMBER).join(GroupStore.GROUP)
                .on(GroupStore.ID.eq(GROUP_ID)).where(USER_ID.eq(userId)).orderBy(GroupStore.NAME)
                .fetch(r -> new GroupRole(r.value1(), r.value2(), Membership.Role.valueOf(r.value3())));
    }

    static void role(Tx tx, long groupId, long userId, Membership.Role role) {
        tx.dsl().update(MEMBER).set(ROLE, role.name()).where(GROUP_ID.eq(groupId).and(USER_ID.eq(userId))).execute();
    }

    static void joinedSeq(Tx tx, long groupId, long userId, long seq) {
        tx.dsl().update(MEMBER).set(JOINED_SEQ, seq).where(GROUP_ID.eq(groupId).and(USER_ID.eq(userId))).execute();
    }

    static void delete(Tx tx, long groupId, long userId) {
        tx.dsl().deleteFrom(MEMBER).where(GROUP_ID.eq(groupId).and(USER_ID.eq(userId))).execute();
    }

    private static org.jooq.SelectConditionStep<Record6<Long, Long, String, String, String, Long>> select(DSLContext q,
            Condition which) {
        return q.select(GROUP_ID, U_ID, U_NICKNAME, U_KIND, ROLE, JOINED_SEQ).from(MEMBER).join(USER)
                .on(U_ID.eq(USER_ID))
                .where(which);
    }

    private static Membership membership(Record r) {
        return membership(r, U_ID, U_NICKNAME, U_KIND);
    }

    /** A membership read with its user's columns under the given names (the user table may be aliased). */
    private static Membership membership(Record r, Field<Long> userId, Field<String> nickname, Field<String> kind) {
        // The email is an account's private detail: a membership never carries it.
        return new Membership(r.get(GROUP_ID),
                new User(r.get(userId), r.get(nickname), null, User.Kind.valueOf(r.get(kind))),
                Membership.Role.valueOf(r.get(ROLE)), r.get(JOINED_SEQ));
    }
}
