package org.estimator.ops;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import java.time.Duration;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import org.estimator.config.Settings;
import org.estimator.db.Database;
import org.jboss.logging.Logger;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.SQLDataType;

/**
 * The original's "regularly purging older records": groups without activity for a while go with
 * everything in them (the foreign keys cascade), and estimates nobody touched for a while are
 * dropped even in active groups; locked results stay as long as their group.
 *
 * <p>Deletes run in small batches, each its own transaction, so requests are never blocked for
 * long. With several instances a lease row in the shared database lets one of them run it.
 */
@ApplicationScoped
public class Retention {

    /** What a run removed (or, dry, would remove). */
    public record Report(int groups, int estimates, boolean dryRun) {
    }

    static final int BATCH = 100;
    private static final Logger LOG = Logger.getLogger(Retention.class);

    private final Database db;
    private final MeterRegistry metrics;
    private final Duration groupsAfter;
    private final Duration estimatesAfter;

    Retention(Database db,
            MeterRegistry metrics,
            Settings settings) {
        this.db = db;
        this.metrics = metrics;
        this.groupsAfter = settings.retention().inactiveGroups();
        this.estimatesAfter = settings.retention().pendingEstimates();
    }

    @Scheduled(every = "${estimator.retention.every}", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        if (groupsAfter.isZero() && estimatesAfter.isZero()) {
            return;
        }
        if (!lease(Duration.ofMinutes(10))) {
            LOG.debug("retention: another instance holds the lease");
            return;
        }
        purge(groupsAfter, estimatesAfter, false);
    }

    /**
     * Removes groups inactive for longer than {@code groups} and estimates untouched for longer
     * than {@code estimates} (a zero duration skips that part).
     */
    public Report purge(Duration groups, Duration estimates, boolean dryRun) {
        long now = System.currentTimeMillis();
        int removedGroups = groups.isZero()
                ? 0
                : purgeRows("estimation_group", "last_activity_at", now - groups.toMillis(), dryRun);
        int removedEstimates = estimates.isZero()
                ? 0
                : purgeRows("estimate", "updated_at", now - estimates.toMillis(), dryRun);
        Report report = new Report(removedGroups, removedEstimates, dryRun);
        if (!dryRun) {
            metrics.counter("estimator.purged", "kind", "groups").increment(removedGroups);
            metrics.counter("estimator.purged", "kind", "estimates").increment(removedEstimates);
        }
        LOG.infof("retention: %s %d inactive groups and %d stale estimates", dryRun ? "would remove" : "removed",
                removedGroups, removedEstimates);
        return report;
    }

    /**
     * Deletes (or, dry, counts) the rows of {@code table} whose {@code timeColumn} is before the
     * cut-off, {@value #BATCH} per transaction. The foreign keys cascade from a group to its rows.
     * Both names are constants of this class, never input.
     */
    private int purgeRows(String table, String timeColumn, long before, boolean dryRun) {
        Table<Record> rows = table(name(table));
        Field<Long> id = field(name("id"), SQLDataType.BIGINT);
        Condition old = field(name(timeColumn), SQLDataType.BIGINT).lt(before);
        if (dryRun) {
            return db.read(q -> q.fetchCount(rows, old));
        }
        int total = 0;
        while (true) {
            int removed = db.write(tx -> {
                List<Long> ids = tx.dsl().select(id).from(rows).where(old).orderBy(id).limit(BATCH).fetch(id);
                return ids.isEmpty() ? 0 : tx.dsl().deleteFrom(rows).where(id.in(ids)).execute();
            });
            total += removed;
            if (removed < BATCH) {
                return total;
            }
        }
    }

    /** Takes the retention lease if it is free or expired; true when this instance holds it now. */
    boolean lease(Duration length) {
        return db.write(tx -> JobLease.take(tx, "retention", length));
    }
}
