package io.databridge.pg

import io.databridge.pg.config.ConnectionConfig
import io.databridge.pg.config.TargetSessionAttrs
import io.databridge.pg.routing.ReadOnlyCalls
import io.databridge.pg.routing.ReplicaTarget
import java.util.concurrent.atomic.AtomicInteger
import kotlin.time.Duration
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.cancel
import kotlinx.coroutines.currentCoroutineContext
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.emitAll
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.isActive
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext

/**
 * One pool over a primary and its replicas. Writes and transactions run on the primary; reads marked read-only run
 * on a replica: calls inside a [readOnly] block, calls on [reads], and `transaction(readOnly = true)`. Replicas are
 * taken in turn (round robin) among those up and, with [PgRoutingPoolOptions.maxReplicaLag], not too far behind;
 * each is checked every [PgRoutingPoolOptions.checkInterval]. A single read that finds its replica gone is run once
 * more elsewhere (a read changes nothing). With no replica eligible, reads go to the primary
 * ([PgRoutingPoolOptions.fallbackToPrimary]) or fail with [NoReplicaAvailableException].
 *
 * Failover of the primary is the primary's connection string's job: list every server that may become the primary
 * with `target_session_attrs=read-write`, and new connections find the promoted one. A replica that was promoted
 * reports no lag and keeps serving reads, unless its connection string says `target_session_attrs=standby`: then it
 * gets no reads from its next check on while it is out of recovery (under Patroni, list every member that way).
 * Inside a transaction block of this pool every call runs in that transaction.
 */
public class PgRoutingPool private constructor(
    /** The primary's pool: writes, transactions, and reads when no replica is eligible and fallback is on. */
    public val primary: PgPool,
    private val replicas: List<ReplicaTarget>,
    private val options: PgRoutingPoolOptions,
) : PgSession, AutoCloseable {
    private val scope = CoroutineScope(SupervisorJob() + Dispatchers.Default)
    private val turn = AtomicInteger()

    init {
        for (replica in replicas) {
            scope.launch {
                while (isActive) {
                    replica.check(options.checkTimeout)
                    delay(options.checkInterval)
                }
            }
        }
    }

    /** A view of this pool whose every call is a read-only one (runs on a replica, as inside [readOnly]). */
    public val reads: PgSession = object : PgSession {
        override suspend fun query(sql: String, vararg params: Any?, timeout: Duration?): QueryResult =
            readOnly { this@PgRoutingPool.query(sql, *params, timeout = timeout) }

        override suspend fun execute(sql: String, vararg params: Any?, timeout: Duration?): Long =
            readOnly { this@PgRoutingPool.execute(sql, *params, timeout = timeout) }

        override suspend fun executeBatch(sql: String, paramSets: List<List<Any?>>, timeout: Duration?): LongArray =
            readOnly { this@PgRoutingPool.executeBatch(sql, paramSets, timeout = timeout) }

        override fun stream(sql: String, vararg params: Any?, fetchSize: Int): Flow<Row> =
            flow { readOnly { emitAll(this@PgRoutingPool.stream(sql, *params, fetchSize = fetchSize)) } }

        override fun toString(): String = "reads of ${this@PgRoutingPool}"
    }

    /** Runs [block] with every call on this pool in it marked read-only (a transaction already open wins). */
    public suspend fun <T> readOnly(block: suspend CoroutineScope.() -> T): T = withContext(ReadOnlyCalls, block)

    /** Runs [sql] on the primary, or on a replica when read-only; inside a transaction block, in that transaction. */
    override suspend fun query(sql: String, vararg params: Any?, timeout: Duration?): QueryResult =
        transactionHere()?.query(sql, *params, timeout = timeout) ?: route { it.query(sql, *params, timeout = timeout) }

    /** Runs [sql] as [query] routes it and returns the number of rows it affected. */
    override suspend fun execute(sql: String, vararg params: Any?, timeout: Duration?): Long =
        transactionHere()?.execute(sql, *params, timeout = timeout) ?: route { it.execute(sql, *params, timeout = timeout) }

    /** Runs [sql] once per parameter set in one round trip, routed as [query]. */
    override suspend fun executeBatch(sql: String, paramSets: List<List<Any?>>, timeout: Duration?): LongArray =
        transactionHere()?.executeBatch(sql, paramSets, timeout = timeout) ?: route { it.executeBatch(sql, paramSets, timeout = timeout) }

    /** Streams the rows of [sql], routed as [query] (without a second attempt: rows may have been emitted). */
    override fun stream(sql: String, vararg params: Any?, fetchSize: Int): Flow<Row> = flow {
        val tx = transactionHere()
        if (tx != null) {
            emitAll(tx.stream(sql, *params, fetchSize = fetchSize))
        } else {
            val replica = if (isReadOnlyHere()) chooseReplica() else null
            val pool = replica?.pool ?: primary
            try {
                emitAll(pool.stream(sql, *params, fetchSize = fetchSize))
            } catch (e: Exception) {
                replica?.failed(e)
                throw e
            }
        }
    }

    /**
     * Runs [block] in a transaction: with [readOnly] (or inside a [readOnly] block) on a replica as `BEGIN … READ
     * ONLY`, else on the primary. Inside a transaction block of this pool it becomes a savepoint of that transaction.
     * See [PgPool.transaction] for the other options.
     */
    public suspend fun <T> transaction(
        isolation: IsolationLevel? = null,
        readOnly: Boolean = false,
        deferrable: Boolean = false,
        retry: RetryPolicy? = null,
        block: suspend CoroutineScope.(Transaction) -> T,
    ): T {
        transactionHere()?.let { return it.transaction(block) }
        val replica = if (readOnly || isReadOnlyHere()) chooseReplica() else null
        if (replica == null) {
            return primary.transaction(isolation, readOnly || isReadOnlyHere(), deferrable, retry, block)
        }
        try {
            return replica.pool.transaction(isolation, readOnly = true, deferrable, retry, block)
        } catch (e: Exception) {
            replica.failed(e)
            throw e
        }
    }

    /** Runs [block] with a connection borrowed from a replica when [readOnly] (see [readOnly]), else from the primary. */
    public suspend fun <T> withConnection(readOnly: Boolean = false, block: suspend (PgConnection) -> T): T {
        val replica = if (readOnly || isReadOnlyHere()) chooseReplica() else null
        val pool = replica?.pool ?: primary
        try {
            return pool.withConnection(block)
        } catch (e: Exception) {
            replica?.failed(e)
            throw e
        }
    }

    /** What the checks last found about each replica, in configuration order. */
    public fun replicaStates(): List<ReplicaState> = replicas.map { it.state() }

    /** Closes at once every pool (see [PgPool.close]) and stops the checks. */
    override fun close() {
        scope.cancel()
        primary.close()
        for (replica in replicas) replica.pool.close()
    }

    /** Stops the checks and closes every pool gracefully (see [PgPool.closeGracefully]). */
    public suspend fun closeGracefully() {
        scope.cancel()
        primary.closeGracefully()
        for (replica in replicas) replica.pool.closeGracefully()
    }

    override fun toString(): String = "PgRoutingPool(primary=$primary, ${replicas.joinToString()})"

    /** Runs a single statement where it belongs; a read whose replica turns out gone is run once more elsewhere. */
    private suspend inline fun <T> route(call: (PgSession) -> T): T {
        if (!isReadOnlyHere()) return call(primary)
        val replica = chooseReplica() ?: return call(primary)
        try {
            return call(replica.pool)
        } catch (e: Exception) {
            replica.failed(e)
            if (!ReplicaTarget.isUnreachable(e)) throw e
        }
        return call(chooseReplica()?.pool ?: primary)
    }

    /** The next eligible replica in turn; null means the primary (fallback); throws when fallback is off. */
    private fun chooseReplica(): ReplicaTarget? {
        val eligible = replicas.filter { it.isEligible }
        if (eligible.isEmpty()) {
            if (options.fallbackToPrimary) return null
            throw NoReplicaAvailableException("no replica is up${options.maxReplicaLag?.let { " within a lag of $it" } ?: ""}: ${replicas.joinToString()}")
        }
        return eligible[Math.floorMod(turn.getAndIncrement(), eligible.size)]
    }

    private suspend fun isReadOnlyHere(): Boolean = currentCoroutineContext()[ReadOnlyCalls.Key] != null

    /** The caller's transaction when it belongs to one of this pool's pools. */
    private suspend fun transactionHere(): Transaction? {
        val tx = currentCoroutineContext()[Transaction] ?: return null
        return tx.takeIf { it.pool === primary || replicas.any { replica -> replica.pool === it.pool } }
    }

    /** Creating routing pools. */
    public companion object {
        /**
         * A routing pool over [primary] (list every server that may become the primary, with
         * `target_session_attrs=read-write`, to follow a failover) and [replicas], one connection string each.
         */
        public fun create(primary: String, replicas: List<String>, options: PgRoutingPoolOptions = PgRoutingPoolOptions()): PgRoutingPool =
            create(ConnectionConfig.parse(primary), replicas.map(ConnectionConfig::parse), options)

        /** A routing pool over [primary] and [replicas] as configured. */
        public fun create(
            primary: ConnectionConfig,
            replicas: List<ConnectionConfig>,
            options: PgRoutingPoolOptions = PgRoutingPoolOptions(),
        ): PgRoutingPool {
            val targets = replicas.map { config ->
                ReplicaTarget(
                    config.hosts.joinToString(",") { "${it.host}:${it.port}" },
                    PgPool.create(config, options.replica),
                    options.maxReplicaLag,
                    standbyOnly = config.targetSessionAttrs == TargetSessionAttrs.STANDBY,
                )
            }
            return PgRoutingPool(PgPool.create(primary, options.primary), targets, options)
        }
    }
}
