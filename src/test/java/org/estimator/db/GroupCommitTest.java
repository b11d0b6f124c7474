package org.estimator.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * SQLite's group commit on a real database file: whoever commits, every caller gets its own answer,
 * a refused write rolls back alone, and the after-commit actions run on the caller's thread.
 */
class GroupCommitTest {

    private static final int CALLERS = 16;
    private static final int WRITES = 150;

    @TempDir
    Path dir;
    private SQLiteDataSource source;
    private GroupCommit commit;
    private ExecutorService callers;

    @BeforeEach
    void open() throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setBusyTimeout(5_000);
        source = new SQLiteDataSource(config);
        source.setUrl("jdbc:sqlite:" + dir.resolve("commit.sqlite"));
        try (Connection c = source.getConnection()) {
            c.createStatement().execute("CREATE TABLE card (id INTEGER PRIMARY KEY, caller INTEGER NOT NULL, "
                    + "n INTEGER NOT NULL, UNIQUE (caller, n))");
        }
        commit = new GroupCommit(source, c -> new Tx(DSL.using(c, SQLDialect.SQLITE)));
        callers = Executors.newFixedThreadPool(CALLERS);
    }

    @AfterEach
    void close() throws InterruptedException {
        callers.shutdownNow();
        callers.awaitTermination(10, TimeUnit.SECONDS);
        commit.close();
    }

    @Test
    void everyCallerGetsItsOwnAnswerAndEveryWriteIsCommittedOnce() throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<List<Long>>> results = new ArrayList<>();
        for (int caller = 0; caller < CALLERS; caller++) {
            int me = caller;
            results.add(callers.submit(() -> {
                start.await();
                List<Long> ids = new ArrayList<>();
                for (int n = 0; n < WRITES; n++) {
                    int card = n;
                    ids.add(commit.submit(tx -> tx.dsl().resultQuery(
                            "INSERT INTO card (caller, n) VALUES (?, ?) RETURNING caller * 100000 + n", me, card)
                            .fetchOne(0, Long.class)));
                }
                return ids;
            }));
        }
        start.countDown();
        for (int caller = 0; caller < CALLERS; caller++) {
            List<Long> expected = new ArrayList<>();
            for (int n = 0; n < WRITES; n++) {
                expected.add(caller * 100000L + n);
            }
            assertThat(results.get(caller).get(60, TimeUnit.SECONDS)).as("caller %d's answers", caller)
                    .isEqualTo(expected);
        }
        assertThat(count("SELECT count(*) FROM card")).isEqualTo((long) CALLERS * WRITES);
    }

    @Test
    void aRefusedWriteRollsBackAloneAndItsCallerGetsTheError() throws Exception {
        commit.submit(tx -> tx.dsl().execute("INSERT INTO card (caller, n) VALUES (0, 0)"));
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> writes = new ArrayList<>();
        for (int caller = 0; caller < CALLERS; caller++) {
            int me = caller;
            writes.add(callers.submit(() -> {
                start.await();
                // Two rows each, in one write; caller 0's second row is taken: its whole write is refused.
                return commit.submit(tx -> tx.dsl().execute("INSERT INTO card (caller, n) VALUES (?, 1)", me)
                        + tx.dsl().execute("INSERT INTO card (caller, n) VALUES (?, ?)", me, me == 0 ? 0 : 2));
            }));
        }
        start.countDown();
        assertThatThrownBy(() -> writes.get(0).get(30, TimeUnit.SECONDS)).hasRootCauseInstanceOf(SQLException.class);
        for (int caller = 1; caller < CALLERS; caller++) {
            assertThat(writes.get(caller).get(30, TimeUnit.SECONDS)).isEqualTo(2);
        }
        assertThat(count("SELECT count(*) FROM card WHERE caller = 0")).as("only the row from before").isEqualTo(1);
        assertThat(count("SELECT count(*) FROM card")).isEqualTo(1 + 2L * (CALLERS - 1));
    }

    @Test
    void afterCommitActionsRunOnTheCallersThreadOnlyForCommittedWrites() throws Exception {
        ConcurrentHashMap<Integer, Thread> ranOn = new ConcurrentHashMap<>();
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Thread>> writes = new ArrayList<>();
        for (int caller = 0; caller < CALLERS; caller++) {
            int me = caller;
            writes.add(callers.submit(() -> {
                start.await();
                try {
                    commit.submit(tx -> {
                        tx.afterCommit(() -> ranOn.put(me, Thread.currentThread()));
                        if (me % 4 == 0) {
                            throw new IllegalStateException("refused");
                        }
                        return tx.dsl().execute("INSERT INTO card (caller, n) VALUES (?, 0)", me);
                    });
                } catch (IllegalStateException e) {
                    assertThat(e).hasMessage("refused");
                }
                return Thread.currentThread();
            }));
        }
        start.countDown();
        for (int caller = 0; caller < CALLERS; caller++) {
            Thread thread = writes.get(caller).get(30, TimeUnit.SECONDS);
            if (caller % 4 == 0) {
                assertThat(ranOn).doesNotContainKey(caller);
            } else {
                assertThat(ranOn.get(caller)).as("caller %d", caller).isSameAs(thread);
            }
        }
        assertThat(count("SELECT count(*) FROM card")).isEqualTo(CALLERS - CALLERS / 4);
    }

    /**
     * The event loop's way in: the caller does not wait, and its answer and after-commit actions come
     * through the executor it gave (its event loop), never on the writer thread; a refused write
     * fails the stage with its own exception, alone in its batch.
     */
    @Test
    void anAsyncCallerIsAnsweredThroughItsExecutorAfterTheCommit() throws Exception {
        ExecutorService loop = Executors.newSingleThreadExecutor(r -> new Thread(r, "test-event-loop"));
        try {
            List<CompletableFuture<String>> answers = new ArrayList<>();
            ConcurrentHashMap<Integer, String> afterCommit = new ConcurrentHashMap<>();
            AtomicInteger handedBack = new AtomicInteger();
            for (int n = 0; n < CALLERS; n++) {
                int me = n;
                answers.add(commit.submitAsync(tx -> {
                    tx.afterCommit(() -> afterCommit.put(me, Thread.currentThread().getName()));
                    if (me == 3) {
                        throw new IllegalStateException("refused");
                    }
                    tx.dsl().execute("INSERT INTO card (caller, n) VALUES (?, 0)", me);
                    return Thread.currentThread().getName();
                }, task -> {
                    handedBack.incrementAndGet();
                    loop.execute(task);
                }).toCompletableFuture());
            }
            for (int n = 0; n < CALLERS; n++) {
                if (n == 3) {
                    assertThatThrownBy(answers.get(n)::join).hasCauseInstanceOf(IllegalStateException.class)
                            .hasRootCauseMessage("refused");
                } else {
                    assertThat(answers.get(n).get(30, TimeUnit.SECONDS))
                            .as("the work ran on the writer").isEqualTo("sqlite-group-commit");
                    assertThat(afterCommit.get(n)).isEqualTo("test-event-loop");
                }
            }
            assertThat(afterCommit).doesNotContainKey(3);
            assertThat(handedBack).as("every answer, the refusal too").hasValue(CALLERS);
            assertThat(count("SELECT count(*) FROM card")).isEqualTo(CALLERS - 1);
        } finally {
            loop.shutdownNow();
        }
    }

    @Test
    void anInterruptedCallerStillGetsItsAnswerAndKeepsItsInterrupt() throws Exception {
        Future<Boolean> write = callers.submit(() -> {
            Thread.currentThread().interrupt();
            int rows = commit.submit(tx -> tx.dsl().execute("INSERT INTO card (caller, n) VALUES (1, 1)"));
            return rows == 1 && Thread.interrupted();
        });
        assertThat(write.get(30, TimeUnit.SECONDS)).isTrue();
        assertThat(count("SELECT count(*) FROM card")).isEqualTo(1);
    }

    @Test
    void aClosedCommitRefusesNewWritesWithoutRunningThem() throws SQLException {
        commit.close();
        assertThatThrownBy(() -> commit.submit(tx -> tx.dsl().execute("INSERT INTO card (caller, n) VALUES (1, 1)")))
                .isInstanceOf(DatabaseException.class).hasMessage("The database is shutting down");
        assertThat(count("SELECT count(*) FROM card")).isZero();
    }

    private long count(String sql) throws SQLException {
        try (Connection c = source.getConnection(); var rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
