package org.estimator.group;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import java.util.List;
import java.util.Optional;

import org.estimator.db.Tx;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Record5;
import org.jooq.Table;
import org.jooq.impl.SQLDataType;

/** The SQL of {@code invitation}. */
final class InvitationStore {

    private static final Table<Record> INVITATION = table(name("invitation"));
    private static final Field<Long> ID = field(name("invitation", "id"), SQLDataType.BIGINT.identity(true));
    private static final Field<Long> GROUP_ID = field(name("invitation", "group_id"), SQLDataType.BIGINT);
    private static final Field<String> CODE_HASH = field(name("invitation", "code_hash"), SQLDataType.VARCHAR);
    private static final Field<Long> CREATED_AT = field(name("invitation", "created_at"), SQLDataType.BIGINT);
    private static final Field<Long> EXPIRES_AT = field(name("invitation", "expires_at"), SQLDataType.BIGINT);
    private static final Field<Long> REVOKED_AT = field(name("invitation", "revoked_at"), SQLDataType.BIGINT);

    private InvitationStore() {
    }

    static long insert(Tx tx, long groupId, String codeHash, long now, Long expiresAt) {
        return tx.dsl().insertInto(INVITATION).columns(GROUP_ID, CODE_HASH, CREATED_AT, EXPIRES_AT)
                .values(groupId, codeHash, now, expiresAt).returningResult(ID).fetchOne(ID);
    }

    static List<Invitation> list(DSLContext q, long groupId) {
        return q.select(ID, GROUP_ID, CREATED_AT, EXPIRES_AT, REVOKED_AT).from(INVITATION).where(GROUP_ID.eq(groupId))
                .orderBy(ID).fetch(InvitationStore::invitation);
    }

    static Optional<Invitation> byCodeHash(DSLContext q, String codeHash) {
        return q.select(ID, GROUP_ID, CREATED_AT, EXPIRES_AT, REVOKED_AT).from(INVITATION).where(CODE_HASH.eq(codeHash))
                .fetchOptional(InvitationStore::invitation);
    }

    /** Revokes a usable invitation of the group; 0 when there is none with that id. */
    static int revoke(Tx tx, long groupId, long id, long now) {
        return tx.dsl().update(INVITATION).set(REVOKED_AT, now)
                .where(ID.eq(id).and(GROUP_ID.eq(groupId)).and(REVOKED_AT.isNull())).execute();
    }

    private static Invitation invitation(Record5<Long, Long, Long, Long, Long> r) {
        return new Invitation(r.value1(), r.value2(), r.value3(), r.value4(), r.value5());
    }
}
