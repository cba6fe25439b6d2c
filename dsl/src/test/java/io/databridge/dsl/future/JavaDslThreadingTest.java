package io.databridge.dsl.future;

import static io.databridge.dsl.future.Futures.await;
import static io.databridge.dsl.future.Shop.CUSTOMERS;
import static io.databridge.dsl.future.Sql.*;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.databridge.embedded.TestDatabase;
import io.databridge.pg.future.DataBridge;
import io.databridge.pg.future.FuturePgPool;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
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
     * The thread on which a read of the customers table completes. Another transaction holds the table locked until
     * [read] has issued the read and chained a callback on it (then it runs [issued]), so the callback runs where the
     * future completes, never on the thread that chained it.
     */
    private String completionThread(Function<Runnable, CompletableFuture<String>> read) throws Exception {
        CompletableFuture<Void> locked = new CompletableFuture<>();
        CompletableFuture<Void> release = new CompletableFuture<>();
        CompletableFuture<Void> holder = pool.transaction(tx -> tx.execute("LOCK TABLE customers").thenCompose(n -> {
            locked.complete(null);
            return release;
        }));
        await(locked);
        CompletableFuture<Void> issued = new CompletableFuture<>();
        CompletableFuture<String> thread = read.apply(() -> issued.complete(null));
        await(issued);
        release.complete(null);
        await(holder);
        return await(thread);
    }

    /** The name of the thread [read] completes on, chained before [issued] runs. */
    private static CompletableFuture<String> threadOf(CompletableFuture<?> read, Runnable issued) {
        CompletableFuture<String> thread = read.thenApply(rows -> Thread.currentThread().getName());
        issued.run();
        return thread;
    }

    /** Fails naming the thread when [thread] does not start with [prefix]. */
    private static void assertThread(String prefix, String thread) {
        assertTrue(thread.startsWith(prefix), () -> "completed on " + thread + ", expected a thread named " + prefix + "…");
    }

    @Test
    void dslFuturesCompleteOnTheEventLoopByDefault() throws Exception {
        assertThread("data-bridge-loop", completionThread(issued -> threadOf(db.list(select(CUSTOMERS.id).from(CUSTOMERS)), issued)));
        assertThread("data-bridge-loop",
            completionThread(issued -> pool.transaction(tx -> threadOf(FutureSqlExecutor.of(tx).list(select(CUSTOMERS.id).from(CUSTOMERS)), issued))));
    }

    @Test
    void dslFuturesCompleteOnTheExecutorTheEntryPointWasGiven() throws Exception {
        try (FuturePgPool onExecutor = DataBridge.create(COMPLETIONS).createPool(database.getUrl())) {
            FutureSqlExecutor dsl = FutureSqlExecutor.of(onExecutor);
            assertThread("dsl-test-completions", completionThread(issued -> threadOf(dsl.list(select(CUSTOMERS.id).from(CUSTOMERS)), issued)));
            assertThread("dsl-test-completions", completionThread(issued -> onExecutor.transaction(tx ->
                threadOf(FutureSqlExecutor.of(tx).list(select(CUSTOMERS.id).from(CUSTOMERS)), issued))));
        }
    }
}
