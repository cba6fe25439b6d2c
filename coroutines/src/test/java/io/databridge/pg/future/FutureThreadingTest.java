package io.databridge.pg.future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.databridge.embedded.TestDatabase;
import io.databridge.embedded.junit.PostgresExtension;
import io.databridge.pg.QueryResult;
import io.databridge.pg.errors.ConnectionClosedException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Where the facade's futures complete (the event loop by default, a chosen executor otherwise) and how facades close. */
@ExtendWith(PostgresExtension.class)
class FutureThreadingTest {
    private static final long WAIT = 30;
    private static final ExecutorService COMPLETIONS =
        Executors.newSingleThreadExecutor(task -> new Thread(task, "test-completions"));

    private final TestDatabase db;

    FutureThreadingTest(TestDatabase db) {
        this.db = db;
    }

    @AfterAll
    static void stopExecutor() {
        COMPLETIONS.shutdownNow();
    }

    private static <T> T await(CompletableFuture<T> future) throws Exception {
        return future.get(WAIT, TimeUnit.SECONDS);
    }

    /**
     * The thread a callback chained with thenApply runs on, for a future still pending when the callback is chained
     * (a future already complete would run it on the calling thread); calls are retried until one was pending.
     */
    private static String callbackThread(Supplier<CompletableFuture<?>> call) throws Exception {
        while (true) {
            CompletableFuture<?> future = call.get();
            CompletableFuture<String> thread = future.thenApply(ignored -> Thread.currentThread().getName());
            boolean pendingWhenChained = !future.isDone() || !thread.isDone();
            String name = await(thread);
            if (pendingWhenChained && !name.equals(Thread.currentThread().getName())) return name;
        }
    }

    @Test
    void futuresCompleteOnTheConnectionsEventLoopByDefault() throws Exception {
        try (FuturePgConnection c = await(DataBridge.create().connect(db.getUrl()));
             FuturePgPool pool = DataBridge.create().createPool(db.getUrl())) {
            assertTrue(callbackThread(() -> c.query("SELECT 1")).startsWith("data-bridge-loop"));
            assertTrue(callbackThread(() -> pool.query("SELECT 1")).startsWith("data-bridge-loop"));
            assertTrue(callbackThread(() -> pool.transaction(tx -> tx.query("SELECT 1"))).startsWith("data-bridge-loop"));
        }
    }

    @Test
    void futuresCompleteOnTheChosenExecutor() throws Exception {
        DataBridge onExecutor = DataBridge.create(COMPLETIONS);
        try (FuturePgConnection c = await(onExecutor.connect(db.getUrl()));
             FuturePgPool pool = onExecutor.createPool(db.getUrl())) {
            assertTrue(callbackThread(() -> c.query("SELECT 1")).startsWith("test-completions"));
            assertTrue(callbackThread(() -> pool.execute("SELECT 1")).startsWith("test-completions"));
            assertTrue(callbackThread(() -> pool.transaction(tx -> tx.query("SELECT 1"))).startsWith("test-completions"));
        }
    }

    @Test
    void manyConcurrentCallsFromManyThreadsAllComplete() throws Exception {
        try (FuturePgConnection c = await(DataBridge.create().connect(db.getUrl()))) {
            ExecutorService callers = Executors.newFixedThreadPool(4);
            try {
                List<CompletableFuture<Integer>> answers = new ArrayList<>();
                for (int i = 0; i < 400; i++) {
                    int n = i;
                    answers.add(CompletableFuture.supplyAsync(() -> c.query("SELECT $1::int", n), callers)
                        .thenCompose(f -> f)
                        .thenApply(r -> r.getRows().get(0).getInt(0)));
                }
                for (int i = 0; i < 400; i++) assertEquals(i, await(answers.get(i)));
            } finally {
                callers.shutdownNow();
            }
        }
    }

    @Test
    void gracefulCloseFinishesIssuedCallsAndCloseIsImmediate() throws Exception {
        FuturePgConnection c = await(DataBridge.create().connect(db.getUrl()));
        CompletableFuture<QueryResult> issued = c.query("SELECT 42");
        await(c.closeGracefully());
        assertEquals(42, await(issued).getRows().get(0).getInt(0));
        assertFalse(c.isOpen());
        ExecutionException after = assertThrows(ExecutionException.class, () -> await(c.query("SELECT 1")));
        assertInstanceOf(ConnectionClosedException.class, after.getCause());

        FuturePgPool pool = DataBridge.create().createPool(db.getUrl());
        assertEquals(1, await(pool.query("SELECT 1")).getRows().size());
        pool.close();
        assertThrows(ExecutionException.class, () -> await(pool.query("SELECT 1")));
    }
}
