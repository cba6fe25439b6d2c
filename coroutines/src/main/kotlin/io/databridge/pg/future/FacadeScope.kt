package io.databridge.pg.future

import java.util.concurrent.CompletableFuture
import java.util.concurrent.Executor
import kotlin.coroutines.CoroutineContext
import kotlin.coroutines.EmptyCoroutineContext
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.asCoroutineDispatcher
import kotlinx.coroutines.cancelChildren
import kotlinx.coroutines.future.future
import kotlinx.coroutines.launch

/**
 * How a Java facade turns suspending calls into [CompletableFuture]s, and where those futures complete. Without an
 * executor they complete on the thread that finished the work, a connection's event loop (as vertx completes on its
 * context): no thread hop per call, but callbacks chained with the non-`Async` methods (`thenApply`, `whenComplete`,
 * …) then run on that loop and must not block it. With an executor ([DataBridge.create]) every future completes on
 * that executor instead. The engine's facades and the facades built on them (the DSL's) share it through [of], so
 * a facade made from another completes its futures where that one does; Java code itself never needs it.
 */
public class FacadeScope internal constructor(internal val completions: Executor?) {
    /** Where calls run: unconfined (they resume where the engine answers) or on the caller's executor. */
    internal val calls: CoroutineScope = CoroutineScope(SupervisorJob() + (completions?.asCoroutineDispatcher() ?: Dispatchers.Unconfined))

    /**
     * Where listener callbacks and connection attempts run: [completions], or `Dispatchers.Default` without one, since
     * a listener is user code the loop must not wait for and connecting may block (name resolution).
     */
    internal val workers: CoroutineScope = CoroutineScope(SupervisorJob() + (completions?.asCoroutineDispatcher() ?: Dispatchers.Default))

    /**
     * Starts [call] under [context] as a future. Undispatched: it runs on the caller's thread up to its first
     * suspension, which hands the statement to the connection's loop, so calls a thread issues without chaining still
     * run in issue order.
     */
    public fun <T> call(context: CoroutineContext = EmptyCoroutineContext, call: suspend CoroutineScope.() -> T): CompletableFuture<T> =
        calls.future(context, CoroutineStart.UNDISPATCHED, call)

    /**
     * Opens a resource. Unlike `future { }`, a resource that becomes ready just as the future is cancelled is closed
     * rather than lost.
     */
    internal fun <R : AutoCloseable> open(open: suspend () -> R): CompletableFuture<R> {
        val result = CompletableFuture<R>()
        val job = workers.launch {
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

    /** Runs a graceful [close] as a future; the work still running is cancelled once it is done. */
    internal fun closeGracefully(close: suspend () -> Unit): CompletableFuture<Void?> {
        val closing = call<Void?> {
            close()
            null
        }
        closing.whenComplete { _, _ -> cancelRunning() }
        return closing
    }

    /** Cancels the work still running (not the scopes: later calls then report a closed resource, not a cancellation). */
    internal fun cancelRunning() {
        calls.coroutineContext.cancelChildren()
        workers.coroutineContext.cancelChildren()
    }

    /** The bridging of the engine's facades, for facades built on them. */
    public companion object {
        /** For a Kotlin connection, pool or transaction, which names no executor: futures complete on its event loop. */
        public val onEventLoop: FacadeScope = FacadeScope(null)

        /** Where the futures of [connection] complete. */
        public fun of(connection: FuturePgConnection): FacadeScope = connection.scope

        /** Where the futures of [pool] complete. */
        public fun of(pool: FuturePgPool): FacadeScope = pool.scope

        /** Where the futures of [transaction] complete (those of the pool or connection it runs on). */
        public fun of(transaction: FutureTransaction): FacadeScope = transaction.scope
    }
}
