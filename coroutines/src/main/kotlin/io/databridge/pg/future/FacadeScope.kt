package io.databridge.pg.future

import java.util.concurrent.CompletableFuture
import kotlin.coroutines.CoroutineContext
import kotlin.coroutines.EmptyCoroutineContext
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.future.future
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

/**
 * Starts [call] as a future. Undispatched: it runs on the caller's thread up to its first suspension, which hands
 * the statement to the connection's loop, so calls a thread issues without chaining still run in issue order.
 */
internal fun <T> CoroutineScope.call(
    context: CoroutineContext = EmptyCoroutineContext,
    call: suspend CoroutineScope.() -> T,
): CompletableFuture<T> = future(context, CoroutineStart.UNDISPATCHED, call)
