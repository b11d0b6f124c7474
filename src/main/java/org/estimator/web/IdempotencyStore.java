package org.estimator.web;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import jakarta.enterprise.context.ApplicationScoped;

import org.estimator.db.Constraints;
import org.estimator.db.Database;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.SQLDataType;

/** The SQL of {@code idempotency_key}: claims on keys, and the answers kept for their retries. */
@ApplicationScoped
class IdempotencyStore {

    private static final Table<Record> KEYS = table(name("idempotency_key"));
    private static final Field<String> KEY_HASH = field(name("key_hash"), SQLDataType.VARCHAR);
    private static final Field<String> FINGERPRINT = field(name("fingerprint"), SQLDataType.VARCHAR);
    private static final Field<Integer> STATUS = field(name("status"), SQLDataType.INTEGER);
    private static final Field<String> LOCATION = field(name("location"), SQLDataType.VARCHAR);
    private static final Field<String> BODY = field(name("body"), SQLDataType.CLOB);
    private static final Field<Long> CREATED_AT = field(name("created_at"), SQLDataType.BIGINT);

    /** A key's row: {@code status} is null while its first request is still running. */
    record Kept(String fingerprint, Integer status, String location, String body, long createdAt) {
    }

    private final Database db;

    IdempotencyStore(Database db) {
        this.db = db;
    }

    /** Takes the key; false when it was taken before (the unique key decides races). */
    boolean claim(String keyHash, String fingerprint, long now) {
        try {
            db.write(tx -> tx.dsl().insertInto(KEYS).columns(KEY_HASH, FINGERPRINT, CREATED_AT)
                    .values(keyHash, fingerprint, now).execute());
            return true;
        } catch (RuntimeException e) {
            if (!Constraints.isViolation(e)) {
                throw e;
            }
            return false;
        }
    }

    /** The key's row, or null when it is gone. Read in a write: on SQLite after every claim before it committed. */
    Kept find(String keyHash) {
        return db.write(tx -> tx.dsl().select(FINGERPRINT, STATUS, LOCATION, BODY, CREATED_AT).from(KEYS)
                .where(KEY_HASH.eq(keyHash))
                .fetchOne(r -> new Kept(r.value1(), r.value2(), r.value3(), r.value4(), r.value5())));
    }

    /** Takes over a claim whose request never finished; true for the one caller that gets it. */
    boolean takeOver(String keyHash, long claimedAt, long now) {
        return db.write(tx -> tx.dsl().update(KEYS).set(CREATED_AT, now)
                .where(KEY_HASH.eq(keyHash).and(STATUS.isNull()).and(CREATED_AT.eq(claimedAt))).execute()) == 1;
    }

    void keep(String keyHash, int status, String location, String body) {
        db.write(tx -> tx.dsl().update(KEYS).set(STATUS, status).set(LOCATION, location).set(BODY, body)
                .where(KEY_HASH.eq(keyHash)).execute());
    }

    void forget(String keyHash) {
        db.write(tx -> tx.dsl().deleteFrom(KEYS).where(KEY_HASH.eq(keyHash)).execute());
    }

    int expire(long before) {
        return db.write(tx -> tx.dsl().deleteFrom(KEYS).where(CREATED_AT.lt(before)).execute());
    }
}
