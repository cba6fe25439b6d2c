package io.databridge.pg.future

import java.util.concurrent.CompletableFuture
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.launch

/**
 * The scope a facade runs its futures on. Dispatchers.Default, not the event loop: Java callbacks chained on the
 * returned futures (`thenApply`, `join` inside them, …) must never run on, or block, a connection's loop thread.
 */
internal fun facadeScope(): CoroutineScope = CoroutineScope(SupervisorJob() + Dispatchers.Default)

/**
 * Opens a resource in [this] scope. Unlike `future { }`, a resource that becomes ready just as the future is
 * cancelled is closed rather than lost.
 */
internal fun <R : AutoCloseable> CoroutineScope.openFuture(open: suspend () -> R): CompletableFuture<R> {
    val result = CompletableFuture<R>()
    val job = launch {
        try {
            val resource = open()
            if (!result.complete(resource)) resource.close()
        } catch (e: Throwable) {
            result.completeExceptionally(e)
        }
    }
    result.whenComplete { _, _ -> if (result.isCancelled) job.cancel() }
    return result
}
