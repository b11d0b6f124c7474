package org.estimator.ops;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import java.time.Duration;
import java.util.UUID;

import org.estimator.db.Tx;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.SQLDataType;

/**
 * The SQL of {@code job_lease}: a row per scheduled job that all instances share, so that one of
 * them at a time runs it (each job's row is inserted by its migration).
 */
final class JobLease {

    /** This instance, as a lease's holder. */
    private static final String HOLDER = UUID.randomUUID().toString();
    private static final Table<Record> LEASE = table(name("job_lease"));
    private static final Field<String> NAME = field(name("job_lease", "name"), SQLDataType.VARCHAR);
    private static final Field<String> HOLDER_ID = field(name("job_lease", "holder"), SQLDataType.VARCHAR);
    private static final Field<Long> EXPIRES_AT = field(name("job_lease", "expires_at"), SQLDataType.BIGINT);

    private JobLease() {
    }

    /** Takes the job's lease for {@code length} if it is free, expired or already this instance's. */
    static boolean take(Tx tx, String job, Duration length) {
        long now = System.currentTimeMillis();
        return tx.dsl().update(LEASE).set(HOLDER_ID, HOLDER).set(EXPIRES_AT, now + length.toMillis())
                .where(NAME.eq(job).and(EXPIRES_AT.lt(now).or(HOLDER_ID.eq(HOLDER)))).execute() == 1;
    }
}
