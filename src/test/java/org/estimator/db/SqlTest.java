package org.estimator.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import java.sql.Connection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import io.quarkus.test.junit.QuarkusTest;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.impl.SQLDataType;
import org.junit.jupiter.api.Test;

/** The statements of the hot paths, prepared once per pooled connection and run with new values. */
@QuarkusTest
class SqlTest {

    private static final Field<Long> ID = field(name("app_user", "id"), SQLDataType.BIGINT);
    private static final Field<String> NICKNAME = field(name("app_user", "nickname"), SQLDataType.VARCHAR);
    private static final Field<String> EMAIL = field(name("app_user", "email"), SQLDataType.VARCHAR);
    private static final Field<String> KIND = field(name("app_user", "kind"), SQLDataType.VARCHAR);
    private static final Field<Long> CREATED_AT = field(name("app_user", "created_at"), SQLDataType.BIGINT);
    private static final Sql INSERT = Sql.of(q -> q.insertInto(table(name("app_user")))
            .columns(NICKNAME, EMAIL, KIND, CREATED_AT)
            .values(Sql.arg(NICKNAME), Sql.arg(EMAIL), Sql.arg(KIND), Sql.arg(CREATED_AT)));
    private static final Sql BY_NICKNAME = Sql.of(q -> q.select(ID, NICKNAME, EMAIL, CREATED_AT)
            .from(table(name("app_user"))).where(NICKNAME.eq(Sql.arg(NICKNAME))).orderBy(ID));
    private static final Sql RENAME = Sql.of(q -> q.update(table(name("app_user"))).set(NICKNAME, Sql.arg(NICKNAME))
            .where(NICKNAME.eq(Sql.arg(NICKNAME))));

    @Inject
    Database db;

    @Test
    void aStatementRunsWithEachCallsValuesAndReadsWhatItSelects() {
        String nickname = "sql-" + System.nanoTime();
        assertThat(write(tx -> INSERT.execute(tx.dsl(), nickname, null, "GUEST", 7L))).isEqualTo(1);
        assertThat(write(tx -> INSERT.execute(tx.dsl(), nickname, nickname + "@example.com", "GUEST", 8L)))
                .isEqualTo(1);
        List<Record> rows = rows(nickname);
        assertThat(rows).extracting(r -> r.get(EMAIL)).containsExactly(null, nickname + "@example.com");
        assertThat(rows).extracting(r -> r.get(CREATED_AT)).containsExactly(7L, 8L);
        assertThat(rows.get(0).get(ID)).isLessThan(rows.get(1).get(ID));
        assertThat(rows(nickname + "-other")).isEmpty();
        Optional<Record> none = db.read(q -> BY_NICKNAME.fetchOptional(q, nickname + "-other"));
        assertThat(none).isEmpty();

        assertThat(write(tx -> RENAME.execute(tx.dsl(), nickname + "-r", nickname))).isEqualTo(2);
        assertThat(rows(nickname)).isEmpty();
        assertThat(rows(nickname + "-r")).hasSize(2);
        // A write that fails rolls back alone and leaves the statement usable.
        assertThatThrownBy(() -> db.write(tx -> {
            RENAME.execute(tx.dsl(), nickname + "-x", nickname + "-r");
            return INSERT.execute(tx.dsl(), nickname, nickname + "@example.com", "GUEST", 9L);
        })).satisfies(e -> assertThat(Constraints.isViolation(e)).isTrue());
        assertThat(rows(nickname + "-r")).hasSize(2);
        assertThat(rows(nickname + "-x")).isEmpty();
    }

    @Test
    void aBatchRunsTheStatementOncePerRowAndAFailedOneLeavesNothingBehind() {
        String nickname = "batch-" + System.nanoTime();
        db.write(tx -> {
            INSERT.executeBatch(tx.dsl(), List.of(new Object[]{nickname, null, "GUEST", 1L},
                    new Object[]{nickname, nickname + "@example.com", "GUEST", 2L},
                    new Object[]{nickname, null, "GUEST", 3L}));
            return null;
        });
        assertThat(rows(nickname)).extracting(r -> r.get(CREATED_AT)).containsExactly(1L, 2L, 3L);
        // The second row takes an email already used: the batch, and the write around it, roll back.
        assertThatThrownBy(() -> db.write(tx -> {
            RENAME.execute(tx.dsl(), nickname + "-x", nickname);
            INSERT.executeBatch(tx.dsl(), List.of(new Object[]{nickname, null, "GUEST", 4L},
                    new Object[]{nickname, nickname + "@example.com", "GUEST", 5L}));
            return null;
        })).isInstanceOf(RuntimeException.class);
        assertThat(rows(nickname)).extracting(r -> r.get(CREATED_AT)).containsExactly(1L, 2L, 3L);
        assertThat(rows(nickname + "-x")).isEmpty();
        // The statement (on SQLite still prepared) runs the next batch, and a batch of one, as usual.
        db.write(tx -> {
            INSERT.executeBatch(tx.dsl(), List.of(new Object[]{nickname + "-y", null, "GUEST", 6L},
                    new Object[]{nickname + "-y", null, "GUEST", 7L}));
            INSERT.executeBatch(tx.dsl(), List.<Object[]>of(new Object[]{nickname + "-y", null, "GUEST", 8L}));
            return null;
        });
        assertThat(rows(nickname + "-y")).extracting(r -> r.get(CREATED_AT)).containsExactly(6L, 7L, 8L);
        assertThatThrownBy(() -> db.write(tx -> {
            INSERT.executeBatch(tx.dsl(), List.<Object[]>of(new Object[]{nickname, null, "GUEST"}));
            return null;
        })).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("takes 4 values, 3 given");
    }

    private int write(TxWork<Integer> work) {
        return db.write(work);
    }

    private List<Record> rows(String nickname) {
        return db.read(q -> BY_NICKNAME.fetch(q, nickname));
    }

    @Test
    void statementsStayOnTheDriversConnectionsAndTheirNumberIsBounded() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> runs = new java.util.ArrayList<>();
            for (int i = 0; i < 400; i++) {
                runs.add(threads
                        .submit(() -> db.read(q -> BY_NICKNAME.fetchOptional(q, "nobody-" + System.nanoTime()))));
            }
            for (Future<?> run : runs) {
                run.get();
            }
        } finally {
            threads.shutdown();
        }
        if (db.kind() != DatabaseKind.SQLITE) {
            // Prepared through the pool's wrapper and closed after each run (see Sql.run).
            assertThat(Sql.preparedOn()).isEmpty();
            return;
        }
        // Under the pool's wrapper (which closes the statements made through it when the connection
        // goes back, and is a new object per checkout): one entry per physical connection, as many as
        // the pool holds, not one per checkout.
        assertThat(Sql.preparedOn()).isNotEmpty().hasSizeLessThanOrEqualTo(40)
                .allSatisfy(c -> assertThat(c.getClass().getName()).doesNotStartWith("io.agroal"));
        for (Connection c : Sql.preparedOn()) {
            assertThat(c.unwrap(Connection.class)).isSameAs(c); // nothing under it: the innermost connection
        }
    }
}
