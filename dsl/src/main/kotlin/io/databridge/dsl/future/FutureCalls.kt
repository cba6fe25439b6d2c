package io.databridge.dsl.future

import io.databridge.pg.PgSession
import java.util.concurrent.CompletableFuture
import kotlin.coroutines.CoroutineContext
import kotlin.coroutines.EmptyCoroutineContext
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.future.future

/** How the DSL's Java facades turn suspending calls into [CompletableFuture]s. */
internal object FutureCalls {
    // Dispatchers.Default, not an event loop: Java callbacks chained on the futures must never block a loop thread.
    private val scope = CoroutineScope(SupervisorJob() + Dispatchers.Default)

    /**
     * Runs [block] under [context] as a future. Undispatched: the statement is handed to the connection before this
     * returns, so calls a thread makes without chaining run in the order it made them.
     */
    fun <T> call(context: CoroutineContext, block: suspend CoroutineScope.() -> T): CompletableFuture<T> =
        scope.future(context, CoroutineStart.UNDISPATCHED, block)

    /** The context calls on [session] run under: a transaction is its own context element, found by the pool. */
    fun contextOf(session: PgSession): CoroutineContext = (session as? CoroutineContext.Element) ?: EmptyCoroutineContext
}
