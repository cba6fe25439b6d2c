package io.databridge.pg

import io.databridge.pg.config.ConnectionConfig
import io.databridge.pg.pipeline.interruptibly
import io.databridge.pg.pool.PoolSettings
import io.databridge.pg.pool.PoolStats
import io.databridge.pg.pool.PooledConnection
import io.databridge.pg.pool.ResourcePool
import io.databridge.pg.transaction.TransactionRunner
import io.databridge.pg.transaction.TransactionSettings
import kotlin.time.Duration
import kotlin.time.Duration.Companion.seconds
import kotlin.time.toKotlinDuration
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.cancel
import kotlinx.coroutines.currentCoroutineContext
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.emitAll
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking

/**
 * A pool of [PgConnection]s. [query], [execute] and [executeBatch] run on a shared lease: several callers pipeline
 * their statements on one connection, up to [PgPoolOptions.maxSharedInFlight] at once, so they must not change
 * session state (`SET`, temporary tables, `BEGIN`). [stream], [withConnection] and [transaction] borrow a
 * connection exclusively; it is rolled back if left inside a transaction and discarded if that fails or it broke.
 * Inside a [transaction] block every call on this pool runs in that transaction (see [Transaction]).
 */
public class PgPool private constructor(
    config: ConnectionConfig,
    options: PgPoolOptions,
) : PgSession, AutoCloseable {
    private val scope = CoroutineScope(SupervisorJob() + Dispatchers.Default)
    private val pool: ResourcePool<PooledConnection> = ResourcePool(settingsFor(config, options), scope) {
        PooledConnection(PgConnection.connect(config, options.connect), options.validationTimeout, options.resetTimeout)
    }

    /** Runs [sql] with [params] and returns its rows; inside a transaction block, in that transaction. */
    override suspend fun query(sql: String, vararg params: Any?, timeout: Duration?): QueryResult =
        transactionHere()?.query(sql, *params, timeout = timeout)
            ?: pool.useShared { it.connection.query(sql, *params, timeout = timeout) }

    /**
     * Runs [sql] like [query], blocking the calling thread: for thread-per-request code. The call borrows a connection
     * exclusively for its length (waiting up to the acquire timeout when all are busy) and runs there with
     * [PgConnection.queryBlocking], so the calling thread does the I/O itself; it is not part of a transaction block.
     * An interrupted caller gets `CancellationException`, its interrupt status kept.
     */
    public fun queryBlocking(sql: String, vararg params: Any?, timeout: Duration? = null): QueryResult =
        onBorrowed { it.queryBlocking(sql, *params, timeout = timeout) }

    /** Runs [sql] like [execute], blocking the calling thread the way [queryBlocking] does; returns the affected rows. */
    public fun executeBlocking(sql: String, vararg params: Any?, timeout: Duration? = null): Long =
        onBorrowed { it.executeBlocking(sql, *params, timeout = timeout) }

    private fun <T> onBorrowed(call: (PgConnection) -> T): T = interruptibly { runBlocking { pool.use { call(it.connection) } } }

    /** Runs [sql] with [params] and returns the number of rows it affected; inside a transaction block, in it. */
    override suspend fun execute(sql: String, vararg params: Any?, timeout: Duration?): Long =
        transactionHere()?.execute(sql, *params, timeout = timeout)
            ?: pool.useShared { it.connection.execute(sql, *params, timeout = timeout) }

    /** Runs [sql] once per parameter set in one round trip (all or nothing); inside a transaction block, in it. */
    override suspend fun executeBatch(sql: String, paramSets: List<List<Any?>>, timeout: Duration?): LongArray =
        transactionHere()?.executeBatch(sql, paramSets, timeout = timeout)
            ?: pool.useShared { it.connection.executeBatch(sql, paramSets, timeout = timeout) }

    /**
     * Streams the rows of [sql] on an exclusively borrowed connection (returned when the collection ends) or,
     * inside a transaction block, on the transaction's connection.
     */
    override fun stream(sql: String, vararg params: Any?, fetchSize: Int): Flow<Row> = flow {
        val tx = transactionHere()
        if (tx != null) {
            emitAll(tx.stream(sql, *params, fetchSize = fetchSize))
        } else {
            pool.use { emitAll(it.connection.stream(sql, *params, fetchSize = fetchSize)) }
        }
    }

    /**
     * Runs [block] with an exclusively borrowed connection and returns it afterwards (rolled back if [block] left a
     * transaction open). Inside a transaction block this borrows a different connection, outside the transaction.
     */
    public suspend fun <T> withConnection(block: suspend (PgConnection) -> T): T = pool.use { block(it.connection) }

    /**
     * Runs [block] in a transaction on an exclusively borrowed connection: BEGIN with [isolation], [readOnly] and
     * [deferrable]; COMMIT when it returns; ROLLBACK when it throws or is cancelled, then the failure is rethrown.
     * Inside another transaction block of this pool it becomes a savepoint of that transaction instead.
     * [retry] re-runs the whole block after serialization failures (40001) and deadlocks (40P01).
     * A block that leaves the transaction failed (an error caught inside) is rolled back and ends with
     * [io.databridge.pg.errors.TransactionFailedException].
     */
    public suspend fun <T> transaction(
        isolation: IsolationLevel? = null,
        readOnly: Boolean = false,
        deferrable: Boolean = false,
        retry: RetryPolicy? = null,
        block: suspend CoroutineScope.(Transaction) -> T,
    ): T {
        transactionHere()?.let { return it.transaction(block) }
        val settings = TransactionSettings(isolation, readOnly, deferrable, retry)
        return pool.use { TransactionRunner.run(it.connection, this, settings, block) }
    }

    /** A snapshot of the pool's sizes and counters. */
    public fun stats(): PoolStats = pool.stats()

    /**
     * Closes gracefully: stops handing out connections (waiting callers fail with
     * [io.databridge.pg.pool.PoolClosedException]), closes idle ones, waits up to [PgPoolOptions.closeTimeout] for
     * borrowed ones to come back, then closes the rest; returns when all are closed.
     */
    public suspend fun closeGracefully() {
        closeWithin(null)
    }

    /**
     * Closes at once, without suspending or blocking: stops handing out connections and closes every one, borrowed
     * ones too (their calls in flight fail with [io.databridge.pg.errors.ConnectionClosedException]). The sockets are
     * closed in the background right after this returns. [closeGracefully] waits for borrowed connections instead.
     */
    override fun close() {
        scope.launch(start = CoroutineStart.UNDISPATCHED) { closeWithin(Duration.ZERO) }
    }

    private suspend fun closeWithin(timeout: Duration?) {
        try {
            pool.close(timeout)
        } finally {
            scope.cancel()
        }
    }

    override fun toString(): String = "PgPool($pool)"

    /** This pool's transaction in the caller's context, if any (an ended one too, so that its use fails loudly). */
    private suspend fun transactionHere(): Transaction? =
        currentCoroutineContext()[Transaction]?.takeIf { it.pool === this }

    /** Creating pools. */
    public companion object {
        /** A pool of connections as [config] says, sized and timed by its `pool_*` settings. */
        public fun create(config: ConnectionConfig, options: PgPoolOptions = PgPoolOptions()): PgPool =
            PgPool(config, options)

        /** A pool for a `postgresql://` URI or libpq `key=value` string (with `pool_*` settings). */
        public fun create(connectionString: String, options: PgPoolOptions = PgPoolOptions()): PgPool =
            create(ConnectionConfig.parse(connectionString), options)

        private val DEFAULT_JITTER = 30.seconds

        internal fun settingsFor(config: ConnectionConfig, options: PgPoolOptions): PoolSettings {
            val lifetime = config.poolMaxLifetime?.toKotlinDuration() ?: Duration.INFINITE
            return PoolSettings(
                name = options.name,
                minSize = config.poolMinSize,
                maxSize = config.poolMaxSize,
                acquireTimeout = config.poolAcquireTimeout.toKotlinDuration(),
                maxLifetime = lifetime,
                // The jitter must stay below the lifetime; short lifetimes get a proportionally short one.
                lifetimeJitter = if (lifetime.isInfinite()) DEFAULT_JITTER else minOf(DEFAULT_JITTER, lifetime / 10),
                idleTimeout = config.poolIdleTimeout?.toKotlinDuration() ?: Duration.INFINITE,
                validateAfterIdle = options.validateAfterIdle,
                leakThreshold = options.leakThreshold,
                maxSharedInFlight = options.maxSharedInFlight,
                closeTimeout = options.closeTimeout,
            )
        }
    }
}
