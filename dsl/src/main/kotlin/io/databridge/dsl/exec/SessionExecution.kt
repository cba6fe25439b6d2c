package io.databridge.dsl.exec

import io.databridge.dsl.Query
import io.databridge.dsl.RawStatement
import io.databridge.dsl.ReturningCapable
import io.databridge.pg.PgConnection
import io.databridge.pg.PgSession
import io.databridge.pg.Row
import kotlinx.coroutines.flow.Flow

// The DSL's execution functions straight on a connection, a pool or a transaction, rendering with the shared
// renderer; each is the SqlExecutor function of the same name.

/** Runs [query] here and decodes every row. */
public suspend fun <R> PgSession.list(query: Query<R>): List<R> = asSqlExecutor().list(query)

/** Runs [query] here and returns its only row. */
public suspend fun <R> PgSession.single(query: Query<R>): R = asSqlExecutor().single(query)

/** Runs [query] here and returns its only row or null. */
public suspend fun <R> PgSession.singleOrNull(query: Query<R>): R? = asSqlExecutor().singleOrNull(query)

/** Runs [query] here and returns its first row. */
public suspend fun <R> PgSession.first(query: Query<R>): R = asSqlExecutor().first(query)

/** Runs [query] here and returns its first row or null. */
public suspend fun <R> PgSession.firstOrNull(query: Query<R>): R? = asSqlExecutor().firstOrNull(query)

/** Streams the rows of [query] here, [fetchSize] per round trip. */
public fun <R> PgSession.flow(query: Query<R>, fetchSize: Int = PgConnection.DEFAULT_FETCH_SIZE): Flow<R> =
    asSqlExecutor().flow(query, fetchSize)

/** Runs an INSERT, UPDATE or DELETE here and returns the affected row count. */
public suspend fun PgSession.execute(statement: ReturningCapable): Long = asSqlExecutor().execute(statement)

/** Runs raw SQL here and returns the affected row count. */
public suspend fun PgSession.execute(statement: RawStatement): Long = asSqlExecutor().execute(statement)

/** Runs raw SQL here and returns the engine's rows. */
public suspend fun PgSession.query(statement: RawStatement): List<Row> = asSqlExecutor().query(statement)

/** Runs same-shaped [statements] here as one batch; returns each row count. */
public suspend fun PgSession.executeBatch(statements: List<ReturningCapable>): LongArray = asSqlExecutor().executeBatch(statements)
