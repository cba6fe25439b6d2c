package io.databridge.benchmark.clients

import java.util.concurrent.CompletableFuture
import java.util.concurrent.CompletionStage
import java.util.concurrent.Semaphore
import java.util.concurrent.atomic.AtomicLong
import java.util.concurrent.atomic.AtomicReference

/**
 * Runs one asynchronous call per id with at most [inFlight] outstanding, sums their results and
 * rethrows the first failure. Used by every async client so they share the same windowing.
 */
internal fun windowed(ids: IntArray, inFlight: Int, call: (Int) -> CompletionStage<Long>): Long {
    val window = Semaphore(inFlight)
    val sum = AtomicLong()
    val failure = AtomicReference<Throwable>()
    for (id in ids) {
        window.acquire()
        failure.get()?.let { throw it }
        call(id).whenComplete { value, error ->
            if (error != null) failure.compareAndSet(null, error) else sum.addAndGet(value)
            window.release()
        }
    }
    window.acquire(inFlight)
    failure.get()?.let { throw it }
    return sum.get()
}

/** Waits for a future and unwraps its cause, so a driver's own exception reaches the report. */
internal fun <T> CompletionStage<T>.await(): T = try {
    toCompletableFuture().get()
} catch (e: java.util.concurrent.ExecutionException) {
    throw e.cause ?: e
}

/** A completed future, for clients whose call already finished. */
internal fun <T> done(value: T): CompletableFuture<T> = CompletableFuture.completedFuture(value)
