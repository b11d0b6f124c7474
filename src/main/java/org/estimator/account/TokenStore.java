package org.estimator.account;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import java.util.List;
import java.util.Optional;

import org.estimator.db.Sql;
import org.estimator.db.Tx;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.SQLDataType;

/** The SQL of {@code auth_token}. */
final class TokenStore {

    private static final Table<Record> TOKEN = table(name("auth_token"));
    private static final Field<Long> ID = field(name("auth_token", "id"), SQLDataType.BIGINT.identity(true));
    private static final Field<Long> USER_ID = field(name("auth_token", "user_id"), SQLDataType.BIGINT);
    private static final Field<String> HASH = field(name("auth_token", "token_hash"), SQLDataType.VARCHAR);
    private static final Field<String> KIND = field(name("auth_token", "kind"), SQLDataType.VARCHAR);
    private static final Field<String> NAME = field(name("auth_token", "name"), SQLDataType.VARCHAR);
    private static final Field<Long> GROUP_ID = field(name("auth_token", "group_id"), SQLDataType.BIGINT);
    private static final Field<Long> CREATED_AT = field(name("auth_token", "created_at"), SQLDataType.BIGINT);
    private static final Field<Long> EXPIRES_AT = field(name("auth_token", "expires_at"), SQLDataType.BIGINT);

    /** Every authenticated request runs it: rendered once (see Sql). */
    private static final Sql FIND = Sql
            .of(q -> q.select(ID, GROUP_ID, UserStore.ID, UserStore.NICKNAME, UserStore.KIND, KIND)
                    .from(TOKEN).join(UserStore.USER).on(UserStore.ID.eq(USER_ID))
                    .where(HASH.eq(Sql.arg(HASH)).and(EXPIRES_AT.gt(Sql.arg(EXPIRES_AT)))));

    private TokenStore() {
    }

    static long insert(Tx tx, long userId, String hash, AuthToken.Kind kind, String name, Long groupId, long now,
            long expiresAt) {
        return tx.dsl().insertInto(TOKEN).columns(USER_ID, HASH, KIND, NAME, GROUP_ID, CREATED_AT, EXPIRES_AT)
                .values(userId, hash, kind.name(), name, groupId, now, expiresAt).returningResult(ID).fetchOne(ID);
    }

    /** The caller behind an unexpired token of one of {@code kinds}, with its user. */
    static Optional<Principal> find(DSLContext q, String hash, long now, List<AuthToken.Kind> kinds) {
        // The hash is unique: one row at most, of whatever kind; a token of another kind is no token here.
        return FIND.fetchOptional(q, hash, now)
                .filter(r -> kinds.contains(AuthToken.Kind.valueOf(r.get(KIND))))
                .map(r -> {
                    AuthToken.Kind k = AuthToken.Kind.valueOf(r.get(KIND));
                    return new Principal(r.get(UserStore.ID), r.get(UserStore.NICKNAME),
                            User.Kind.valueOf(r.get(UserStore.KIND)), r.get(ID), r.get(GROUP_ID),
                            k == AuthToken.Kind.SESSION || k == AuthToken.Kind.GUEST);
                });
    }

    static int delete(Tx tx, long id) {
        return tx.dsl().deleteFrom(TOKEN).where(ID.eq(id)).execute();
    }

    /** Deletes the user's sessions and guest tokens but the one given ({@code -1}: none kept). */
    static int deleteSignIns(Tx tx, long userId, long except) {
        return tx.dsl().deleteFrom(TOKEN).where(USER_ID.eq(userId)
                .and(KIND.in(AuthToken.Kind.SESSION.name(), AuthToken.Kind.GUEST.name())).and(ID.ne(except))).execute();
    }

    static List<AuthToken> apiTokens(DSLContext q, long userId) {
        return q.select(ID, NAME, CREATED_AT, EXPIRES_AT).from(TOKEN)
                .where(USER_ID.eq(userId).and(KIND.eq(AuthToken.Kind.API.name()))).orderBy(ID)
                .fetch(r -> new AuthToken(r.value1(), r.value2(), r.value3(), r.value4()));
    }

    static int deleteApiToken(Tx tx, long userId, long id) {
        return tx.dsl().deleteFrom(TOKEN)
                .where(ID.eq(id).and(USER_ID.eq(userId)).and(KIND.eq(AuthToken.Kind.API.name()))).execute();
    }

    static int deleteGroupTokens(Tx tx, long userId, long groupId) {
        return tx.dsl().deleteFrom(TOKEN).where(USER_ID.eq(userId).and(GROUP_ID.eq(groupId))).execute();
    }
}
