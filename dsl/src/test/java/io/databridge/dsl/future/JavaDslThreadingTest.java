package io.databridge.dsl.future;

import static io.databridge.dsl.future.Futures.await;
import static io.databridge.dsl.future.Shop.CUSTOMERS;
import static io.databridge.dsl.future.Sql.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.databridge.embedded.TestDatabase;
import io.databridge.pg.future.DataBridge;
import io.databridge.pg.future.FuturePgPool;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Where the DSL's futures complete: where those of the engine facade they were made from do. */
class JavaDslThreadingTest extends ShopDatabase {
    private static final ExecutorService COMPLETIONS =
        Executors.newSingleThreadExecutor(task -> new Thread(task, "dsl-test-completions"));

    JavaDslThreadingTest(TestDatabase database) {
        super(database);
    }

    @AfterAll
    static void stopExecutor() {
        COMPLETIONS.shutdownNow();
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
    void dslFuturesCompleteOnTheEventLoopByDefault() throws Exception {
        assertTrue(callbackThread(() -> db.list(select(CUSTOMERS.id).from(CUSTOMERS))).startsWith("data-bridge-loop"));
        assertTrue(callbackThread(() -> pool.transaction(tx -> FutureSqlExecutor.of(tx).list(select(CUSTOMERS.id).from(CUSTOMERS))))
            .startsWith("data-bridge-loop"));
    }

    @Test
    void dslFuturesCompleteOnTheExecutorTheEntryPointWasGiven() throws Exception {
        try (FuturePgPool onExecutor = DataBridge.create(COMPLETIONS).createPool(database.getUrl())) {
            FutureSqlExecutor dsl = FutureSqlExecutor.of(onExecutor);
            assertTrue(callbackThread(() -> dsl.list(select(CUSTOMERS.id).from(CUSTOMERS))).startsWith("dsl-test-completions"));
            CompletableFuture<String> inTransaction = onExecutor.transaction(tx ->
                FutureSqlExecutor.of(tx).list(select(CUSTOMERS.id).from(CUSTOMERS)).thenApply(ids -> Thread.currentThread().getName()));
            assertEquals("dsl-test-completions", await(inTransaction));
            assertEquals(List.of(), await(dsl.list(select(CUSTOMERS.id).from(CUSTOMERS))));
        }
    }
}
