package io.databridge.pg.future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.databridge.embedded.TestDatabase;
import io.databridge.embedded.junit.PostgresExtension;
import io.databridge.pg.IsolationLevel;
import io.databridge.pg.Row;
import io.databridge.pg.TransactionClosedException;
import io.databridge.pg.errors.UniqueViolationException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class FuturePgPoolTest {
    private static final long WAIT = 30;

    private final TestDatabase db;
    private FuturePgPool pool;

    FuturePgPoolTest(TestDatabase db) {
        this.db = db;
    }

    @BeforeEach
    void open() throws Exception {
        pool = DataBridge.create().createPool(db.getUrl());
        await(pool.execute("DROP TABLE IF EXISTS accounts"));
        await(pool.execute("CREATE TABLE accounts(id int PRIMARY KEY, balance bigint NOT NULL)"));
    }

    @AfterEach
    void close() {
        pool.close();
    }

    private static <T> T await(CompletableFuture<T> future) throws Exception {
        return future.get(WAIT, TimeUnit.SECONDS);
    }

    private long count() throws Exception {
        return await(pool.query("SELECT count(*) FROM accounts")).getRows().get(0).getLong(0);
    }

    @Test
    void sharedStatementsAndStream() throws Exception {
        long[] counts = await(pool.executeBatch("INSERT INTO accounts VALUES ($1, $2)", List.of(List.of(1, 10L), List.of(2, 20L))));
        assertEquals(2, counts.length);
        assertEquals(30L, await(pool.query("SELECT sum(balance)::bigint FROM accounts")).getRows().get(0).getLong(0));
        List<Row> rows = await(Publishers.collect(pool.stream("SELECT id FROM accounts ORDER BY id", 1)));
        assertEquals(2, rows.size());
        assertEquals(2, rows.get(1).getInt(0));
    }

    @Test
    void blockingCallsFromSeveralThreadsBorrowAndReturnConnections() throws Exception {
        List<Thread> threads = new java.util.ArrayList<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        for (int t = 0; t < 4; t++) {
            int first = t * 100;
            threads.add(new Thread(() -> {
                try {
                    for (int i = first; i < first + 100; i++) {
                        assertEquals(1L, pool.executeBlocking("INSERT INTO accounts VALUES ($1, $2)", i, (long) i));
                        assertEquals((long) i, pool.queryBlocking("SELECT balance FROM accounts WHERE id = $1", i).getRows().get(0).getLong(0));
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread thread : threads) {
            thread.join(TimeUnit.SECONDS.toMillis(WAIT));
        }
        assertEquals(null, failure.get());
        assertEquals(400L, count());
        assertThrows(UniqueViolationException.class, () -> pool.executeBlocking("INSERT INTO accounts VALUES (1, 1)"));
        assertEquals(0, pool.getPool().stats().getInUse());
    }

    @Test
    void transactionCommitsWhenTheFutureCompletesNormally() throws Exception {
        int pid = await(pool.transaction(tx -> tx.execute("INSERT INTO accounts VALUES ($1, $2)", 1, 100L)
            .thenCompose(inserted -> tx.query("SELECT pg_backend_pid(), txid_current_if_assigned() IS NOT NULL"))
            .thenApply(result -> {
                assertTrue(result.getRows().get(0).getBoolean(1), "not inside a transaction");
                return result.getRows().get(0).getInt(0);
            })));
        assertTrue(pid > 0);
        assertEquals(1L, count());
    }

    @Test
    void transactionRollsBackWhenTheFutureCompletesExceptionally() throws Exception {
        await(pool.execute("INSERT INTO accounts VALUES (1, 0)"));
        CompletableFuture<Long> failed = pool.transaction(IsolationLevel.SERIALIZABLE, tx ->
            tx.execute("INSERT INTO accounts VALUES ($1, $2)", 2, 5L)
                .thenCompose(ignored -> tx.execute("INSERT INTO accounts VALUES ($1, $2)", 1, 5L)));
        ExecutionException failure = assertThrows(ExecutionException.class, () -> failed.get(WAIT, TimeUnit.SECONDS));
        assertInstanceOf(UniqueViolationException.class, failure.getCause());
        assertEquals(1L, count());

        IllegalStateException thrown = new IllegalStateException("business rule broken");
        CompletableFuture<Object> refused = pool.transaction(tx ->
            tx.execute("INSERT INTO accounts VALUES (3, 0)").thenCompose(ignored -> CompletableFuture.failedFuture(thrown)));
        ExecutionException refusal = assertThrows(ExecutionException.class, () -> refused.get(WAIT, TimeUnit.SECONDS));
        // Not assertSame: with assertions on, kotlinx.coroutines may hand back a copy carrying the await's stack trace.
        assertInstanceOf(IllegalStateException.class, refusal.getCause());
        assertEquals("business rule broken", refusal.getCause().getMessage());
        assertEquals(1L, count());
    }

    @Test
    void aFunctionThatThrowsOrReturnsNullRollsBack() throws Exception {
        CompletableFuture<Long> thrown = pool.transaction(tx -> {
            tx.execute("INSERT INTO accounts VALUES (7, 0)");
            throw new IllegalArgumentException("no");
        });
        ExecutionException failure = assertThrows(ExecutionException.class, () -> thrown.get(WAIT, TimeUnit.SECONDS));
        assertInstanceOf(IllegalArgumentException.class, failure.getCause());
        CompletableFuture<Long> nothing = pool.transaction(tx -> null);
        ExecutionException nullFailure = assertThrows(ExecutionException.class, () -> nothing.get(WAIT, TimeUnit.SECONDS));
        assertTrue(nullFailure.getCause().getMessage().contains("returned null"), nullFailure.getCause().getMessage());
        assertEquals(0L, count());
    }

    @Test
    void savepointFailureKeepsTheOuterTransaction() throws Exception {
        await(pool.transaction(tx -> tx.execute("INSERT INTO accounts VALUES (1, 1)")
            .thenCompose(ignored -> tx.savepoint(inner -> inner.execute("INSERT INTO accounts VALUES (2, 2)")
                .thenCompose(alsoIgnored -> inner.execute("INSERT INTO accounts VALUES (1, 1)")))
                .handle((value, error) -> {
                    assertInstanceOf(UniqueViolationException.class, unwrap(error));
                    return 0L;
                }))
            .thenCompose(ignored -> tx.execute("INSERT INTO accounts VALUES (3, 3)"))));
        List<Row> rows = await(pool.query("SELECT id FROM accounts ORDER BY id")).getRows();
        assertEquals(List.of(1, 3), List.of(rows.get(0).getInt(0), rows.get(1).getInt(0)));
    }

    @Test
    void aTransactionUsedAfterItEndedFailsLoudly() throws Exception {
        AtomicReference<FutureTransaction> kept = new AtomicReference<>();
        await(pool.transaction(tx -> {
            kept.set(tx);
            return tx.execute("INSERT INTO accounts VALUES (1, 1)");
        }));
        assertFalse(kept.get().isActive());
        ExecutionException failure = assertThrows(ExecutionException.class,
            () -> kept.get().query("SELECT 1").get(WAIT, TimeUnit.SECONDS));
        assertInstanceOf(TransactionClosedException.class, failure.getCause());
        assertEquals(1L, count());
    }

    private static Throwable unwrap(Throwable error) {
        return error instanceof java.util.concurrent.CompletionException ? error.getCause() : error;
    }
}
