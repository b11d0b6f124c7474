package org.estimator.account;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import java.util.Optional;

import org.estimator.db.Tx;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.SQLDataType;

/** The SQL of single sign-on: an account's identities at the provider, and links waiting for a password. */
final class SsoStore {

    /** A sign-in through the provider that waits for the account's password to be linked. */
    record Pending(long userId, String issuer, String subject) {
    }

    private static final Table<Record> IDENTITY = table(name("user_identity"));
    private static final Field<Long> USER_ID = field(name("user_identity", "user_id"), SQLDataType.BIGINT);
    private static final Field<String> ISSUER = field(name("user_identity", "issuer"), SQLDataType.VARCHAR);
    private static final Field<String> SUBJECT = field(name("user_identity", "subject"), SQLDataType.VARCHAR);
    private static final Field<Long> CREATED_AT = field(name("user_identity", "created_at"), SQLDataType.BIGINT);

    private static final Table<Record> PENDING = table(name("sso_pending"));
    private static final Field<String> P_TOKEN = field(name("sso_pending", "token_hash"), SQLDataType.VARCHAR);
    private static final Field<Long> P_USER = field(name("sso_pending", "user_id"), SQLDataType.BIGINT);
    private static final Field<String> P_ISSUER = field(name("sso_pending", "issuer"), SQLDataType.VARCHAR);
    private static final Field<String> P_SUBJECT = field(name("sso_pending", "subject"), SQLDataType.VARCHAR);
    private static final Field<Long> P_EXPIRES = field(name("sso_pending", "expires_at"), SQLDataType.BIGINT);

    private SsoStore() {
    }

    /** The account the provider's person is linked to. */
    static Optional<Long> userOf(DSLContext q, String issuer, String subject) {
        return q.select(USER_ID).from(IDENTITY).where(ISSUER.eq(issuer).and(SUBJECT.eq(subject)))
                .fetchOptional(USER_ID);
    }

    /** Whether the account signs in through the provider of {@code issuer}. */
    static boolean linked(DSLContext q, long userId, String issuer) {
        return q.fetchExists(q.selectOne().from(IDENTITY).where(USER_ID.eq(userId).and(ISSUER.eq(issuer))));
    }

    static void link(Tx tx, long userId, String issuer, String subject) {
        tx.dsl().insertInto(IDENTITY).columns(USER_ID, ISSUER, SUBJECT, CREATED_AT)
                .values(userId, issuer, subject, System.currentTimeMillis()).execute();
    }

    static void pending(Tx tx, String tokenHash, Pending p, long expiresAt) {
        tx.dsl().deleteFrom(PENDING).where(P_EXPIRES.lt(System.currentTimeMillis())).execute();
        tx.dsl().insertInto(PENDING).columns(P_TOKEN, P_USER, P_ISSUER, P_SUBJECT, P_EXPIRES)
                .values(tokenHash, p.userId(), p.issuer(), p.subject(), expiresAt).execute();
    }

    static Optional<Pending> pending(DSLContext q, String tokenHash, long now) {
        return q.select(P_USER, P_ISSUER, P_SUBJECT).from(PENDING)
                .where(P_TOKEN.eq(tokenHash).and(P_EXPIRES.gt(now)))
                .fetchOptional(r -> new Pending(r.value1(), r.value2(), r.value3()));
    }

    static void dropPending(Tx tx, String tokenHash) {
        tx.dsl().deleteFrom(PENDING).where(P_TOKEN.eq(tokenHash)).execute();
    }
}
