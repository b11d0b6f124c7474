package org.estimator.account;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import java.util.Optional;

import org.estimator.db.Tx;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.SQLDataType;

/** The SQL of {@code app_user}. */
final class UserStore {

    /** An account with the hash its password is checked against (never leaves this package). */
    record Credentials(User user, String passwordHash) {
    }

    static final Table<Record> USER = table(name("app_user"));
    static final Field<Long> ID = field(name("app_user", "id"), SQLDataType.BIGINT.identity(true));
    static final Field<String> NICKNAME = field(name("app_user", "nickname"), SQLDataType.VARCHAR);
    static final Field<String> EMAIL = field(name("app_user", "email"), SQLDataType.VARCHAR);
    static final Field<String> PASSWORD_HASH = field(name("app_user", "password_hash"), SQLDataType.VARCHAR);
    static final Field<String> KIND = field(name("app_user", "kind"), SQLDataType.VARCHAR);
    static final Field<Long> CREATED_AT = field(name("app_user", "created_at"), SQLDataType.BIGINT);

    private UserStore() {
    }

    static long insert(Tx tx, String nickname, String email, String passwordHash, User.Kind kind) {
        return tx.dsl().insertInto(USER).columns(NICKNAME, EMAIL, PASSWORD_HASH, KIND, CREATED_AT)
                .values(nickname, email, passwordHash, kind.name(), System.currentTimeMillis())
                .returningResult(ID).fetchOne(ID);
    }

    static Optional<User> find(DSLContext q, long id) {
        return byId(q, id).map(Credentials::user);
    }

    static Optional<Credentials> byId(DSLContext q, long id) {
        return credentials(q, ID.eq(id));
    }

    static Optional<Credentials> byEmail(DSLContext q, String email) {
        return credentials(q, EMAIL.eq(email));
    }

    private static Optional<Credentials> credentials(DSLContext q, Condition which) {
        return q.select(ID, NICKNAME, EMAIL, KIND, PASSWORD_HASH).from(USER).where(which)
                .fetchOptional(r -> new Credentials(
                        new User(r.value1(), r.value2(), r.value3(), User.Kind.valueOf(r.value4())),
                        r.value5()));
    }

    static void passwordHash(Tx tx, long id, String hash) {
        tx.dsl().update(USER).set(PASSWORD_HASH, hash).where(ID.eq(id)).execute();
    }

    static long systemId(DSLContext q) {
        return q.select(ID).from(USER).where(KIND.eq(User.Kind.SYSTEM.name())).orderBy(ID).limit(1).fetchOne(ID);
    }
}
