package io.databridge.dsl.future;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** Waiting on the futures of the Java tests: a generous bound, so a busy machine slows them down but never fails them. */
final class Futures {
    private static final long WAIT_SECONDS = 30;

    private Futures() {}

    /** The value [future] completes with. */
    static <T> T await(CompletableFuture<T> future) throws Exception {
        return future.get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    /** The exception [future] fails with (the cause of its ExecutionException); fails the test when it succeeds. */
    static Throwable failure(CompletableFuture<?> future) {
        ExecutionException failed = assertThrows(ExecutionException.class, () -> future.get(WAIT_SECONDS, TimeUnit.SECONDS));
        return failed.getCause();
    }
}
