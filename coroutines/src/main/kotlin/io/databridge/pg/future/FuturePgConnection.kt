package io.databridge.pg.future

import io.databridge.pg.Column
import io.databridge.pg.Notification
import io.databridge.pg.PgConnection
import io.databridge.pg.QueryResult
import io.databridge.pg.Row
import io.databridge.pg.errors.Notice
import java.time.Duration
import java.util.concurrent.CompletableFuture
import java.util.concurrent.Flow
import java.util.function.Consumer
import kotlin.time.toKotlinDuration
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.flow.SharedFlow
import kotlinx.coroutines.flow.asFlow
import kotlinx.coroutines.flow.flowOn
import kotlinx.coroutines.jdk9.asFlow
import kotlinx.coroutines.jdk9.asPublisher
import kotlinx.coroutines.launch

/**
 * A [PgConnection] for Java: every call returns a [CompletableFuture] (or a [Flow.Publisher] for streams) and
 * takes plain Java types. Cancelling a returned future cancels the statement on the server (CancelRequest); the
 * connection stays usable. Futures complete on the connection's event loop unless [DataBridge] was given an executor
 * (see [DataBridge.create]): callbacks chained with the non-`Async` methods then run on that loop and must not block.
 * Server errors complete the future exceptionally with the typed [io.databridge.pg.errors.PgServerException]
 * subclass (e.g. `UniqueViolationException`) as the cause of the `CompletionException`.
 */
public class FuturePgConnection internal constructor(
    /** The underlying Kotlin connection, for code that mixes both APIs. */
    public val connection: PgConnection,
    internal val scope: FacadeScope,
) : AutoCloseable {
    /** The backend process id (as `pg_backend_pid()` reports it). */
    public val backendPid: Int get() = connection.backendPid

    /** False once the connection was closed by either side. */
    public val isOpen: Boolean get() = connection.isOpen

    /** The server's run-time parameters as last reported, kept up to date. */
    public val parameters: Map<String, String> get() = connection.parameters

    /** Runs [sql] with [params] (`$1`, `$2`, …) and completes with its rows, command tag and row count. */
    public fun query(sql: String, vararg params: Any?): CompletableFuture<QueryResult> =
        scope.call { connection.query(sql, *params) }

    /** Like [query], failing with `QueryTimeoutException` (after cancelling the statement) when [timeout] passes. */
    public fun query(timeout: Duration, sql: String, vararg params: Any?): CompletableFuture<QueryResult> =
        scope.call { connection.query(sql, *params, timeout = timeout.toKotlinDuration()) }

    /**
     * Runs [sql] with [params] and returns its result, blocking the calling thread: for thread-per-request code that
     * would `join()` the future at once. While nothing else uses the connection, the calling thread does the I/O
     * itself and skips the hand-off to the event loop (see [PgConnection.queryBlocking]). Server errors are thrown as
     * the typed [io.databridge.pg.errors.PgServerException] itself, not wrapped; an interrupted caller cancels the
     * statement and gets `CancellationException`, its interrupt status kept.
     */
    public fun queryBlocking(sql: String, vararg params: Any?): QueryResult = connection.queryBlocking(sql, *params)

    /** Like [queryBlocking], failing with `QueryTimeoutException` (after cancelling the statement) when [timeout] passes. */
    public fun queryBlocking(timeout: Duration, sql: String, vararg params: Any?): QueryResult =
        connection.queryBlocking(sql, *params, timeout = timeout.toKotlinDuration())

    /** Runs [sql] with [params] like [queryBlocking] and returns the number of rows it affected (-1 when its tag has no count). */
    public fun executeBlocking(sql: String, vararg params: Any?): Long = connection.executeBlocking(sql, *params)

    /** Like [executeBlocking], with a [timeout]. */
    public fun executeBlocking(timeout: Duration, sql: String, vararg params: Any?): Long =
        connection.executeBlocking(sql, *params, timeout = timeout.toKotlinDuration())

    /** Completes with the columns [sql] returns, as the server describes it, without running it (see [PgConnection.describe]). */
    public fun describe(sql: String): CompletableFuture<List<Column>> = scope.call { connection.describe(sql) }

    /** Runs [sql] with [params] and completes with the number of rows it affected (-1 when its tag has no count). */
    public fun execute(sql: String, vararg params: Any?): CompletableFuture<Long> =
        scope.call { connection.execute(sql, *params) }

    /** Like [execute], with a [timeout]. */
    public fun execute(timeout: Duration, sql: String, vararg params: Any?): CompletableFuture<Long> =
        scope.call { connection.execute(sql, *params, timeout = timeout.toKotlinDuration()) }

    /** Runs [sql] once per parameter set in one round trip (all or nothing); completes with each row count. */
    public fun executeBatch(sql: String, paramSets: List<List<Any?>>): CompletableFuture<LongArray> =
        scope.call { connection.executeBatch(sql, paramSets) }

    /** Like [executeBatch], with a [timeout]. */
    public fun executeBatch(timeout: Duration, sql: String, paramSets: List<List<Any?>>): CompletableFuture<LongArray> =
        scope.call { connection.executeBatch(sql, paramSets, timeout.toKotlinDuration()) }

    /** Runs a script of one or more statements over the simple protocol (text results), one result per statement. */
    public fun simpleQuery(script: String): CompletableFuture<List<QueryResult>> =
        scope.call { connection.simpleQuery(script) }

    /** Like [simpleQuery], with a [timeout]. */
    public fun simpleQuery(timeout: Duration, script: String): CompletableFuture<List<QueryResult>> =
        scope.call { connection.simpleQuery(script, timeout.toKotlinDuration()) }

    /**
     * Streams the rows of [sql] through a portal, [fetchSize] rows per round trip, honouring the subscriber's
     * `request(n)`: the next batch is fetched only when the previous one was requested and delivered. Each
     * subscription runs the query anew. Cancelling the subscription ends the portal.
     */
    public fun stream(sql: String, fetchSize: Int, vararg params: Any?): Flow.Publisher<Row> =
        connection.stream(sql, *params, fetchSize = fetchSize).asPublisher()

    /**
     * Runs `COPY … FROM STDIN` [sql], sending each chunk [data] publishes; completes with the row count. When [data]
     * signals an error the COPY is aborted (nothing stored) and the future fails with that error.
     */
    public fun copyIn(sql: String, data: Flow.Publisher<ByteArray>): CompletableFuture<Long> =
        scope.call { connection.copyIn(sql, data.asFlow()) }

    /**
     * Runs `COPY … FROM STDIN` [sql] with the chunks of [data], read on an I/O thread (so it may block, e.g. on a
     * file); completes with the row count. When [data] throws, the COPY is aborted and the future fails with it.
     */
    public fun copyIn(sql: String, data: Iterator<ByteArray>): CompletableFuture<Long> =
        scope.call { connection.copyIn(sql, data.asSequence().asFlow().flowOn(Dispatchers.IO)) }

    /** Runs `COPY … TO STDOUT` [sql] and publishes the data as the server sends it (one chunk per CopyData). */
    public fun copyOut(sql: String): Flow.Publisher<ByteArray> = connection.copyOut(sql).asPublisher()

    /**
     * Calls [listener] with every NOTIFY on channels this session LISTENs to, on the executor given to [DataBridge]
     * (a shared worker pool without one, never the connection's loop), until the
     * returned registration is closed (or the connection is). A listener that throws is unregistered and its
     * exception goes to the thread's uncaught-exception handler.
     */
    public fun addNotificationListener(listener: Consumer<Notification>): AutoCloseable =
        listen(connection.notifications, listener)

    /** Calls [listener] with every notice (warning, info) the server sends, until the registration is closed. */
    public fun addNoticeListener(listener: Consumer<Notice>): AutoCloseable = listen(connection.notices, listener)

    /**
     * Closes the connection at once (Terminate, then the socket), cancels the futures still running and ends the
     * listeners. Never blocks. Idempotent; later calls fail with `ConnectionClosedException`.
     */
    override fun close() {
        connection.close()
        scope.cancelRunning()
    }

    /**
     * Closes gracefully: later calls fail at once, the statements already issued finish, then the session ends;
     * the returned future completes once it has (see [PgConnection.closeGracefully]). The listeners end with it.
     */
    public fun closeGracefully(): CompletableFuture<Void?> = scope.closeGracefully { connection.closeGracefully() }

    override fun toString(): String = "Future$connection"

    // Undispatched, so the subscription exists before this returns: a NOTIFY sent right after is not missed.
    private fun <T> listen(source: SharedFlow<T>, listener: Consumer<T>): AutoCloseable {
        val job = scope.workers.launch(start = CoroutineStart.UNDISPATCHED) { source.collect { listener.accept(it) } }
        return AutoCloseable { job.cancel() }
    }
}
