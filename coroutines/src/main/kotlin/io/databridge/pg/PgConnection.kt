package io.databridge.pg

import io.databridge.pg.cancel.CancelSender
import io.databridge.pg.config.ConnectionConfig
import io.databridge.pg.copy.CopyDataGatherer
import io.databridge.pg.copy.CopyInRequest
import io.databridge.pg.copy.CopyOutRequest
import io.databridge.pg.copy.CopyOutcome
import io.databridge.pg.errors.ConnectionClosedException
import io.databridge.pg.errors.DataBridgeException
import io.databridge.pg.errors.Notice
import io.databridge.pg.errors.PgServerException
import io.databridge.pg.errors.TransactionFailedException
import io.databridge.pg.logging.ConnectionLog
import io.databridge.pg.observe.ConnectionObservation
import io.databridge.pg.observe.Instruments
import io.databridge.pg.observe.PgOperationKind
import io.databridge.pg.observe.observe
import io.databridge.pg.pipeline.BatchRequest
import io.databridge.pg.pipeline.BoundStatement
import io.databridge.pg.pipeline.CallingThreadCalls
import io.databridge.pg.pipeline.CloseStatementRequest
import io.databridge.pg.pipeline.ConnectionConfinement
import io.databridge.pg.pipeline.ConnectionDriver
import io.databridge.pg.pipeline.ExecuteRequest
import io.databridge.pg.pipeline.LoopResult
import io.databridge.pg.pipeline.PendingRequest
import io.databridge.pg.pipeline.PrepareRequest
import io.databridge.pg.pipeline.SimpleQueryRequest
import io.databridge.pg.pipeline.StatementDescription
import io.databridge.pg.pipeline.StreamRequest
import io.databridge.pg.pipeline.TerminateRequest
import io.databridge.pg.pipeline.WriteGate
import io.databridge.pg.protocol.ByteWriter
import io.databridge.pg.protocol.ParameterStatus
import io.databridge.pg.protocol.TransactionStatus
import io.databridge.pg.protocol.requireParameterCount
import io.databridge.pg.protocol.writeCopyData
import io.databridge.pg.protocol.writeCopyDone
import io.databridge.pg.protocol.writeCopyFail
import io.databridge.pg.protocol.writeTerminate
import io.databridge.pg.startup.HostConnector
import io.databridge.pg.startup.SharedEngine
import io.databridge.pg.statement.CachedStatement
import io.databridge.pg.statement.EncodedBatch
import io.databridge.pg.statement.EncodedParameters
import io.databridge.pg.statement.RowPlan
import io.databridge.pg.statement.StatementCache
import io.databridge.pg.transport.Endpoint
import io.databridge.pg.transport.EventLoop
import io.databridge.pg.transport.LendableTransport
import io.databridge.pg.transport.SocketOptions
import io.databridge.pg.transport.Transport
import io.databridge.pg.transport.TransportFactory
import io.databridge.pg.transport.TransportStats
import io.databridge.pg.types.CatalogTypeRow
import io.databridge.pg.types.CatalogTypes
import io.databridge.pg.types.CodecContext
import io.databridge.pg.types.ParameterEncoder
import io.databridge.pg.types.TypeRegistry
import java.util.concurrent.atomic.AtomicBoolean
import kotlin.coroutines.ContinuationInterceptor
import kotlin.coroutines.CoroutineContext
import kotlin.coroutines.EmptyCoroutineContext
import kotlin.time.Duration
import kotlin.time.Duration.Companion.seconds
import kotlin.time.toKotlinDuration
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.NonCancellable
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.TimeoutCancellationException
import kotlinx.coroutines.cancel
import kotlinx.coroutines.currentCoroutineContext
import kotlinx.coroutines.delay
import kotlinx.coroutines.ensureActive
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.SharedFlow
import kotlinx.coroutines.flow.asSharedFlow
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.flow.update
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext
import kotlinx.coroutines.withTimeout
import kotlinx.coroutines.yield

/**
 * One session with a PostgreSQL server over data-bridge's own protocol implementation.
 *
 * Safe to share between coroutines: concurrent calls are pipelined (written back to back, answered in order) and
 * an error in one call does not disturb the others. Statements run over the extended protocol with binary
 * parameters and results; each SQL text is described once and then executed from a per-connection statement cache.
 * Cancelling a calling coroutine (or a `timeout`) sends a CancelRequest; the connection stays usable. A call queued
 * behind others is cancelled only once the server runs it; a call not yet written is never sent. PostgreSQL cancels
 * whatever the backend runs when the signal lands, so a pipelined call hit by a cancel aimed at the call before it is
 * run once more when it ran outside a transaction block.
 * Calls wait before writing while the connection's outbound buffer is above [ConnectOptions.writeHighWaterMark].
 * When the server closes the connection every call in flight fails with
 * [io.databridge.pg.errors.ConnectionClosedException], and so do later calls.
 */
public class PgConnection internal constructor(
    internal val driver: ConnectionDriver,
    private val config: ConnectionConfig,
    options: ConnectOptions,
    private val factory: TransportFactory,
    private val endpoint: Endpoint,
    private val socketOptions: SocketOptions,
    /** The authentication method the server used: trust, password, md5, SCRAM-SHA-256 or SCRAM-SHA-256-PLUS. */
    public val authenticationMethod: String,
    /** Whether the session is encrypted with TLS. */
    public val isTls: Boolean,
    observation: ConnectionObservation,
) : PgSession, AutoCloseable {
    private val loop: EventLoop = driver.transport.eventLoop
    internal val confinement = ConnectionConfinement(loop, driver.transport as? LendableTransport)
    private val closing = AtomicBoolean(false)
    private val statements = StatementCache(config.statementCacheSize)
    private val scratch = ByteWriter(256)
    private val catalogAttempted = HashSet<Int>()
    private val cancelScope = CoroutineScope(SupervisorJob() + Dispatchers.IO)
    private val defaultTimeout: Duration? = config.defaultQueryTimeout?.toKotlinDuration()

    // Requests their callers gave up that are still in flight; a pool waits for none before handing the connection on.
    private val unsettledCancels = MutableStateFlow(0)
    private val cancelGrace: Duration = options.cancelGracePeriod
    private val writeGate = WriteGate(driver, options.writeHighWaterMark)

    private val callingThread = CallingThreadCalls(
        confinement,
        lendIfQuiet = { confinement.lend(driver.isQuiet && admittedCalls == 0 && !closing.get() && unsettledCancels.value == 0) },
        needsLoop = { driver.notifications.subscriptionCount.value > 0 },
    )

    // Loop only: calls admitted and not yet ended, and what a graceful close waits on for them to end.
    private var admittedCalls = 0
    private var callsEnded: CompletableDeferred<Unit>? = null

    /**
     * The event loop this connection's I/O runs on, as a coroutine dispatcher. A coroutine that calls this connection
     * many times in a row can run on it (`withContext(connection.dispatcher) { … }`): each call then skips the hand-off
     * to the loop and back, the cheapest way to issue sequential queries. Never block there: the loop serves every
     * connection on it.
     */
    public val dispatcher: CoroutineDispatcher get() = confinement

    /** This connection's type registry: the built-ins plus the catalog types it resolved; register codecs here. */
    public val types: TypeRegistry = (options.types ?: SharedEngine.builtins).copy()
    internal val encoder = ParameterEncoder(types)

    internal val context: CodecContext = object : CodecContext {
        override val registry: TypeRegistry get() = types

        override fun serverParameter(name: String): String? = driver.parameters[name]
    }

    /** The instrumentations observing this connection's calls, or null when there are none. */
    internal val instruments: Instruments? = observation.instruments
    private val log: ConnectionLog? = observation.log

    init {
        driver.sendCancel = ::sendCancel
        if (log != null) {
            driver.onNotice = { log.notice(backendPid, it) }
            driver.onShutDown = { cause -> if (!closing.get()) log.broken(backendPid, cause) }
        }
    }

    /** The server's run-time parameters as last reported (ParameterStatus), kept up to date. */
    public val parameters: Map<String, String> = driver.parameters.view

    /** The server version parsed from `server_version`. */
    public val serverVersion: ServerVersion = ServerVersion.parse(driver.parameters["server_version"] ?: "")

    /** The backend process id (as `pg_backend_pid()` reports it). */
    public val backendPid: Int get() = driver.backendKey?.processId ?: 0

    /** The transaction status of the last completed request. */
    public val transactionStatus: TransactionStatus get() = driver.transactionStatus

    /** False once the connection was closed by either side. */
    public val isOpen: Boolean get() = !closing.get() && driver.failure == null

    /** Notices (warnings, infos) the server sends; the most recent 256 are buffered for slow collectors. */
    public val notices: SharedFlow<Notice> = driver.notices.asSharedFlow()

    /**
     * NOTIFY messages on channels this session LISTENs to. The connection never waits for a collector (queries behind
     * a notification would stall): the latest 1024 are buffered and a collector further behind loses the oldest.
     * [PgListener] gives each subscriber its own bounded buffer and fails it with a typed error on overflow instead.
     */
    public val notifications: SharedFlow<Notification> = driver.notifications.asSharedFlow()

    /** Changes of run-time parameters the server reports (after `SET TimeZone`, …). */
    public val parameterChanges: SharedFlow<ParameterStatus> = driver.parameterChanges.asSharedFlow()

    /** Bytes encoded but not yet taken by the socket; sampled by the write back-pressure tests. */
    internal val pendingOutboundBytes: Int get() = driver.transport.pendingBytes

    /** The transport the session runs on; the socket-setting tests read its options. */
    internal val transport: Transport get() = driver.transport

    /** The socket counters; the read back-pressure tests compare bytes read with bytes collected. */
    internal val transportStats: TransportStats get() = driver.transport.stats

    /** Runs [sql] with [params] (`$1`, `$2`, …) and returns its rows, command tag and row count. */
    override suspend fun query(sql: String, vararg params: Any?, timeout: Duration?): QueryResult {
        val values = params.asList()
        return instruments.observe(PgOperationKind.QUERY, sql, values, rows = { it.affectedRows }) {
            withQueryTimeout(timeout) { run(sql, values, keepRows = true) }
        }
    }

    /**
     * Runs [sql] like [query], blocking the calling thread until the answer is in: the call for thread-per-request code
     * (a servlet, a JDBC-style service, a Java caller that would `join()` the future at once). While nothing else uses
     * the connection, the calling thread writes the request and reads the answer itself, so the call pays no hand-off
     * to the event loop and back; otherwise it waits for the loop as `runBlocking { query(…) }` would.
     *
     * The connection stays lent to blocking callers between such calls; anything else that uses it (a suspending call,
     * a stream, [close], a timeout or cancel) takes it back to the loop first. A thread interrupted during the call
     * cancels the statement and gets `CancellationException`, with its interrupt status kept. Never call it on the
     * connection's event loop thread (IllegalStateException), nor on a thread coroutines share: it holds the thread
     * the way a JDBC call does. TLS and Ktor-transport connections always wait for the loop.
     */
    public fun queryBlocking(sql: String, vararg params: Any?, timeout: Duration? = null): QueryResult =
        blocking { query(sql, *params, timeout = timeout) }

    /** Runs [sql] like [execute], blocking the calling thread the way [queryBlocking] does; returns the affected rows. */
    public fun executeBlocking(sql: String, vararg params: Any?, timeout: Duration? = null): Long =
        blocking { execute(sql, *params, timeout = timeout) }

    private fun <T> blocking(block: suspend () -> T): T {
        check(!loop.inLoop) { "a blocking call on the event loop's thread would stop every connection on it; use the suspending call" }
        return callingThread.run(block)
    }

    /** Runs [sql] with [params] and returns the number of rows it affected (-1 when its tag has no count). */
    override suspend fun execute(sql: String, vararg params: Any?, timeout: Duration?): Long {
        val values = params.asList()
        return instruments.observe(PgOperationKind.EXECUTE, sql, values, rows = { it }) {
            withQueryTimeout(timeout) { run(sql, values, keepRows = false).affectedRows }
        }
    }

    /** Runs [sql] once per parameter set in one round trip (one Sync: all or nothing); returns each row count. */
    override suspend fun executeBatch(sql: String, paramSets: List<List<Any?>>, timeout: Duration?): LongArray =
        instruments.observe(PgOperationKind.BATCH, sql, paramSets, paramSets.size, rows = { it.sum() }) { batch(sql, paramSets, timeout) }

    private suspend fun batch(sql: String, paramSets: List<List<Any?>>, timeout: Duration?): LongArray =
        withQueryTimeout(timeout) {
            if (paramSets.isEmpty()) return@withQueryTimeout LongArray(0)
            for (set in paramSets) requireParameterCount(set.size)
            onLoop {
                admitted {
                    val statement = prepared(sql)
                    val held = writeGate.enter()
                    val request = try {
                        BatchRequest(EncodedBatch.encode(statement, paramSets, encoder, context)).also(driver::submit)
                    } finally {
                        writeGate.leave(held)
                    }
                    await(request, request.result)
                }
            }
        }

    /**
     * The columns [sql] returns, as the server describes the statement (Parse and Describe, kept in the statement
     * cache like any statement run here), without running it: a result's shape ahead of time, also for a statement
     * that must not run twice, such as `INSERT … RETURNING`. Placeholders (`$1`, …) need no values. Empty for a
     * statement that returns no rows; a statement the server refuses throws its [PgServerException].
     */
    public suspend fun describe(sql: String): List<Column> = onLoop { admitted { prepared(sql).plan.columns } }

    /** Runs a script of one or more statements over the simple protocol (text results), one result per statement. */
    public suspend fun simpleQuery(script: String, timeout: Duration? = null): List<QueryResult> =
        runScript(script, timeout, PgOperationKind.SIMPLE_QUERY)

    /** [simpleQuery] reported to the instrumentations as [kind] (the BEGIN, COMMIT and ROLLBACK of transactions). */
    internal suspend fun runScript(script: String, timeout: Duration?, kind: PgOperationKind): List<QueryResult> =
        instruments.observe(kind, script, null, rows = { results -> results.sumOf { it.affectedRows.coerceAtLeast(0) } }) {
            runSimple(script, timeout, commit = kind == PgOperationKind.COMMIT)
        }

    private suspend fun runSimple(script: String, timeout: Duration?, commit: Boolean): List<QueryResult> =
        withQueryTimeout(timeout) {
            onLoop {
                admitted {
                    val request = SimpleQueryRequest(script, context, commit)
                    driver.submit(request)
                    await(request, request.result)
                }
            }
        }

    /**
     * Streams the rows of [sql] through a portal, [fetchSize] rows per round trip. The next batch is fetched while
     * the collector works through the current one, so at most two batches are held in memory. The connection serves
     * only this stream until its last batch has been requested; other calls wait, then proceed. Stopping the
     * collection early ends the portal.
     */
    override fun stream(sql: String, vararg params: Any?, fetchSize: Int): Flow<Row> {
        require(fetchSize > 0) { "fetchSize must be positive, was $fetchSize" }
        val values = params.toList()
        return instruments.observe(PgOperationKind.STREAM, sql, values, countsRows = true, source = portalRows(sql, values, fetchSize))
    }

    private fun portalRows(sql: String, values: List<Any?>, fetchSize: Int): Flow<Row> {
        return flow {
            requireParameterCount(values.size)
            val request = onLoop {
                checkOpen()
                val statement = prepared(sql)
                StreamRequest(statement, encode(values, statement), fetchSize, context).also(driver::submit)
            }
            var finished = false
            try {
                val askForMore = Runnable { request.taken(driver) }
                while (true) {
                    when (val item = request.items.receive()) {
                        is List<*> -> {
                            confinement.execute(askForMore)
                            for (row in item) emit(row as Row)
                        }
                        StreamRequest.END -> {
                            finished = true
                            return@flow
                        }
                        is DataBridgeException -> {
                            finished = true
                            throw item
                        }
                    }
                }
            } finally {
                if (!finished) confinement.execute { request.stop(driver) }
            }
        }
    }

    /**
     * Runs `COPY … FROM STDIN` [sql] and sends every chunk of [data] (text, CSV or binary COPY format) as it is
     * collected; returns the row count. When [data] fails, the COPY is aborted with CopyFail (nothing is stored),
     * the connection stays usable and the failure is rethrown. The connection serves only this COPY meanwhile.
     */
    public suspend fun copyIn(sql: String, data: Flow<ByteArray>): Long =
        instruments.observe(PgOperationKind.COPY_IN, sql, null, rows = { it }) { copyFrom(sql, data) }

    private suspend fun copyFrom(sql: String, data: Flow<ByteArray>): Long {
        val request = onLoop {
            checkOpen()
            CopyInRequest(sql).also(driver::submit)
        }
        onLoop { await(request, request.ready) }
        val gatherer = CopyDataGatherer()
        try {
            gatherer.gather(data, ::sendCopyData)
        } catch (e: Throwable) {
            withContext(NonCancellable) {
                onLoop {
                    // The reason goes to the server log; it must not carry user data.
                    driver.send { writeCopyFail("the client's COPY data source failed") }
                    request.finishWriting(driver)
                    runCatching { request.result.await() }
                }
            }
            throw e
        }
        return onLoop {
            driver.send {
                gatherer.writeRest(this)
                writeCopyDone()
            }
            request.finishWriting(driver)
            await(request, request.result)
        }
    }

    /** Queues the first [length] bytes of [bytes] as one CopyData; returns once they are copied and the queue has room. */
    private suspend fun sendCopyData(bytes: ByteArray, length: Int) {
        onLoop {
            driver.send { writeCopyData(bytes, 0, length) }
            driver.transport.awaitWritable()
        }
    }

    /**
     * Runs `COPY … TO STDOUT` [sql] and emits the data as the server sends it (one chunk per CopyData: a row in
     * text/CSV format). A slow collector pushes back: once a few MB are buffered the connection stops reading
     * (TCP then throttles the server) until the collector has caught up. Stopping the collection early sends a
     * CancelRequest, drains what the server still sends and leaves the connection usable.
     */
    public fun copyOut(sql: String): Flow<ByteArray> =
        instruments.observe(PgOperationKind.COPY_OUT, sql, null, countsRows = false, source = copyTo(sql))

    private fun copyTo(sql: String): Flow<ByteArray> = flow {
        val request = onLoop {
            checkOpen()
            CopyOutRequest(sql).also(driver::submit)
        }
        var finished = false
        try {
            while (true) {
                when (val item = request.chunks.receive()) {
                    is ByteArray -> {
                        request.taken(item.size, driver)
                        emit(item)
                    }
                    is CopyOutcome -> {
                        finished = true
                        return@flow
                    }
                    is DataBridgeException -> {
                        finished = true
                        throw item
                    }
                }
            }
        } finally {
            if (!finished) confinement.execute { request.stop(driver) }
        }
    }

    /**
     * Closes at once: sends Terminate and closes the socket; calls in flight fail with ConnectionClosedException.
     * Never blocks or suspends. Idempotent. [closeGracefully] lets the calls in flight finish first.
     */
    override fun close() {
        if (!closing.compareAndSet(false, true)) return
        if (driver.failure == null) log?.closed(backendPid)
        shutDownNow()
    }

    /**
     * Closes gracefully: the calls already made (by this thread before this one, or running) run to their end (a
     * stream or COPY until it ends), later calls fail with ConnectionClosedException, then Terminate goes out; returns
     * once the session has ended. Cancelling the wait closes at once, like [close]. Returns at once when the
     * connection is already closing.
     */
    public suspend fun closeGracefully() {
        val terminate = TerminateRequest()
        var closer = false
        try {
            // Decided on the loop, so that the calls handed to it before this one are admitted first.
            onLoop {
                closer = closing.compareAndSet(false, true)
                if (closer) {
                    if (driver.failure == null) log?.closed(backendPid)
                    if (admittedCalls > 0) CompletableDeferred<Unit>().also { callsEnded = it }.await()
                    driver.submit(terminate)
                    terminate.ended.await()
                }
            }
        } finally {
            if (closer) shutDownNow()
        }
    }

    private fun shutDownNow() {
        val shutdown = Runnable {
            driver.send { writeTerminate() }
            driver.shutDown(ConnectionClosedException("the connection was closed by the client"))
        }
        if (confinement.ownedHere) shutdown.run() else confinement.execute(shutdown)
        cancelScope.cancel()
    }

    override fun toString(): String = "PgConnection(${driver.transport.peer}, pid=$backendPid)"

    private suspend fun run(sql: String, params: List<Any?>, keepRows: Boolean): QueryResult {
        requireParameterCount(params.size)
        val caller = currentCoroutineContext()
        if (caller[ContinuationInterceptor] !== confinement) return withContext(confinement) { admitted { runOnLoop(sql, params, keepRows) } }
        enterLoop(caller)
        return admitted { runOnLoop(sql, params, keepRows) }
    }

    /** Runs [block] on the loop thread, hopping there unless the caller already runs on it (see [enterLoop]). */
    private suspend inline fun <T> onLoop(crossinline block: suspend () -> T): T {
        val caller = currentCoroutineContext()
        if (caller[ContinuationInterceptor] !== confinement) return withContext(confinement) { block() }
        enterLoop(caller)
        return block()
    }

    /**
     * For a [caller] whose context already names the loop. On the loop thread (`withContext(dispatcher)`): no hop and
     * none of its objects, but the same cancellation check withContext makes on entry, so a cancelled caller writes
     * nothing. On another thread (started `UNDISPATCHED` in [dispatcher]), where withContext would not hop because the
     * dispatcher is the same: a yield, which dispatches to the loop since the dispatcher decides by thread.
     */
    private suspend inline fun enterLoop(caller: CoroutineContext) {
        if (confinement.ownedHere) caller.ensureActive() else yield()
    }

    /** Executes [sql]; a stale cached plan is dropped and, outside a transaction, re-described and run once more. */
    private suspend fun runOnLoop(sql: String, params: List<Any?>, keepRows: Boolean): QueryResult {
        var retried = false
        var resentAfterForeignCancel = false
        while (true) {
            val statement = prepared(sql)
            val held = writeGate.enter()
            val request = try {
                ExecuteRequest(statement, encode(params, statement), context, keepRows).also(driver::submit)
            } finally {
                writeGate.leave(held)
            }
            try {
                val result = await(request, request.result)
                request.changedPlan?.let { plan ->
                    statements[sql]?.takeIf { it.bound === statement }?.bound =
                        BoundStatement(sql, statement.name, statement.parameterTypes, plan)
                }
                return result
            } catch (e: PgServerException) {
                if (isForeignCancel(e, request) && !resentAfterForeignCancel) {
                    // Hit by a cancel aimed at the request before it; outside a transaction nothing of it remains.
                    resentAfterForeignCancel = true
                    continue
                }
                if (!isStalePlan(e)) throw e
                forget(sql)
                if (retried || request.finalStatus != TransactionStatus.IDLE) {
                    throw TransactionFailedException(
                        "a table or type used by this statement changed since it was prepared; the open transaction " +
                            "cannot continue: roll it back and run it again",
                        e,
                    )
                }
                retried = true
            }
        }
    }

    /** The described, plan-resolved statement for [sql]; prepares it (once, shared by concurrent callers) if needed. */
    private suspend fun prepared(sql: String): BoundStatement {
        while (true) {
            driver.failure?.let { throw driver.closedError(it) }
            var entry = statements[sql]
            if (entry == null) {
                val name = statements.nextName()
                val request = PrepareRequest(name, sql)
                val created = CachedStatement(sql, name, request.result)
                request.result.invokeOnCompletion { failure -> if (failure != null) statements.remove(created) }
                statements.put(created)?.let { evicted -> if (evicted.name.isNotEmpty()) driver.submit(CloseStatementRequest(evicted.name)) }
                driver.submit(request)
                entry = created
            }
            entry.bound?.let { return it }
            if (!entry.described.isCompleted) {
                entry.described.await()
                continue // the entry may have been evicted meanwhile
            }
            val description = entry.described.await()
            if (resolveUnknownTypes(description)) continue
            val bound = BoundStatement(sql, entry.name, description.parameterTypes, RowPlan.choose(description.fields, types))
            entry.bound = bound
            return bound
        }
    }

    /** Resolves OIDs the registry does not know through the catalog; true when it ran a query (and so suspended). */
    private suspend fun resolveUnknownTypes(description: StatementDescription): Boolean {
        val unknown = LinkedHashSet<Int>()
        for (oid in description.parameterTypes) if (needsCatalog(oid)) unknown += oid
        for (field in description.fields) if (needsCatalog(field.typeOid)) unknown += field.typeOid
        if (unknown.isEmpty()) return false
        val oids = unknown.map { Integer.toUnsignedLong(it) }
        val rows = runOnLoop(CatalogTypes.QUERY, listOf(oids, emptyList<String>()), keepRows = true).rows
        CatalogTypes.resolve(rows.map { CatalogTypeRow.fromColumns(it.toList()) }, types)
        return true
    }

    /** Whether [oid] is unknown and not yet looked up (a type the catalog cannot build is asked for only once). */
    private fun needsCatalog(oid: Int): Boolean = oid != 0 && types.codecFor(oid) == null && catalogAttempted.add(oid)

    private fun encode(values: List<Any?>, statement: BoundStatement): EncodedParameters =
        EncodedParameters.encode(values, statement.parameterTypes, encoder, context, scratch)

    private fun forget(sql: String) {
        val entry = statements[sql] ?: return
        statements.remove(entry)
        if (entry.name.isNotEmpty()) driver.submit(CloseStatementRequest(entry.name))
    }

    private fun isForeignCancel(e: PgServerException, request: ExecuteRequest): Boolean =
        e.sqlState.code == "57014" && request.exposedToCancel && request.finalStatus == TransactionStatus.IDLE

    private fun isStalePlan(e: PgServerException): Boolean =
        e.sqlState.code == "0A000" && e.primaryMessage.contains("cached plan must not change result type")

    private suspend fun <T> await(request: PendingRequest, result: CompletableDeferred<T>): T =
        abandonOnCancel(request, { result.isCompleted }) { result.await() }

    // Inline: called once per query, where a continuation object of its own would be pure overhead.
    private suspend inline fun <T> await(request: PendingRequest, result: LoopResult<T>): T =
        abandonOnCancel(request, { result.isCompleted }) { result.await() }

    /** Waits with [wait]; a caller cancelled before [isCompleted] gives [request] up (dropped, or cancelled on the server). */
    private inline fun <T> abandonOnCancel(request: PendingRequest, isCompleted: () -> Boolean, wait: () -> T): T {
        try {
            return wait()
        } catch (e: CancellationException) {
            if (!isCompleted()) {
                driver.abandon(request)
                trackAbandoned(request)
            }
            throw e
        }
    }

    private fun sendCancel(request: PendingRequest) {
        val key = driver.backendKey
        if (key == null) {
            // Nothing to send the cancel with: the request may still end by itself within the grace period.
            driver.cancelSent(request)
            watchCancelled(request)
            return
        }
        cancelScope.launch {
            try {
                CancelSender.send(factory, endpoint, key, socketOptions)
            } catch (e: DataBridgeException) {
                // Best effort, like libpq's PQcancel: the query then simply runs to completion.
            } finally {
                confinement.execute {
                    driver.cancelSent(request)
                    watchCancelled(request)
                }
            }
        }
    }

    /**
     * Times [request], whose CancelRequest just went out: still unanswered after [CANCEL_RESEND_AFTER] (or half the
     * grace period, if shorter) the cancel is sent once more, as the first may have landed before the backend started
     * the request; still unanswered after the grace period the connection is closed, since a server that ignores
     * cancels would otherwise hold every later request on it. Loop only.
     */
    private fun watchCancelled(request: PendingRequest) {
        if (request.finished || request.cancelWatched || driver.failure != null) return
        request.cancelWatched = true
        val grace = cancelGrace
        val resendAfter = minOf(CANCEL_RESEND_AFTER, grace / 2)
        cancelScope.launch {
            delay(resendAfter)
            confinement.execute { driver.recancel(request) }
            delay(grace - resendAfter)
            confinement.execute {
                if (!request.finished) {
                    driver.shutDown(
                        ConnectionClosedException(
                            "a cancelled request got no answer within $grace of its CancelRequest; the connection was closed so that it is not reused",
                        ),
                    )
                }
            }
        }
    }

    /** Counts [request], given up by its caller while written and unanswered, until the server has answered it. */
    private fun trackAbandoned(request: PendingRequest) {
        if (!request.written || request.finished || driver.failure != null) return
        unsettledCancels.update { it + 1 }
        request.onFinish = { unsettledCancels.update { it - 1 } }
    }

    /** Whether a request its caller gave up is still unanswered (it would hold up the next caller's requests). */
    internal val hasAbandonedRequests: Boolean get() = unsettledCancels.value > 0

    /** Suspends until every abandoned request has been answered or the connection closed (a cancel ignored past the grace period closes it). */
    internal suspend fun awaitCancelledRequests() {
        unsettledCancels.first { it == 0 }
    }

    /**
     * Runs an admitted call (loop only): refused once the connection is closing, counted until it ends, so that
     * [closeGracefully] sends Terminate only after the calls admitted before it, all of whose requests go first.
     */
    private inline fun <T> admitted(block: () -> T): T {
        checkOpen()
        admittedCalls++
        try {
            return block()
        } finally {
            if (--admittedCalls == 0) callsEnded?.complete(Unit)
        }
    }

    private fun checkOpen() {
        driver.failure?.let { throw driver.closedError(it) }
        if (closing.get()) throw ConnectionClosedException("the connection was closed by the client")
    }

    // Inline: without a timeout the block runs in place, with no lambda object per call.
    private suspend inline fun <T> withQueryTimeout(timeout: Duration?, crossinline block: suspend () -> T): T {
        val limit = timeout ?: defaultTimeout ?: return block()
        return try {
            withTimeout(limit) { block() }
        } catch (e: TimeoutCancellationException) {
            throw QueryTimeoutException(limit.inWholeMilliseconds)
        }
    }

    /** Opening connections. */
    public companion object {
        /** Rows per round trip of [stream] unless given. */
        public const val DEFAULT_FETCH_SIZE: Int = 1000

        /** How long a cancelled request may keep running before its CancelRequest is sent once more. */
        private val CANCEL_RESEND_AFTER = 1.seconds

        /** Connects as [config] says (hosts, TLS, authentication, target_session_attrs) with engine [options]. */
        public suspend fun connect(config: ConnectionConfig, options: ConnectOptions = ConnectOptions()): PgConnection =
            HostConnector(config, options).connect()

        /** Connects with a `postgresql://` URI or libpq `key=value` string. */
        public suspend fun connect(connectionString: String, options: ConnectOptions = ConnectOptions()): PgConnection =
            connect(ConnectionConfig.parse(connectionString), options)
    }
}
