package io.databridge.dsl.exec

import io.databridge.dsl.Query
import io.databridge.dsl.RawStatement
import io.databridge.dsl.ReturningCapable
import io.databridge.pg.PgConnection
import io.databridge.pg.Row
import kotlinx.coroutines.flow.Flow

// The DSL's execution functions straight on a connection, rendering with the shared renderer; each is the
// SqlExecutor function of the same name.

/** Runs [query] on this connection and decodes every row. */
public suspend fun <R> PgConnection.list(query: Query<R>): List<R> = asSqlExecutor().list(query)

/** Runs [query] on this connection and returns its only row. */
public suspend fun <R> PgConnection.single(query: Query<R>): R = asSqlExecutor().single(query)

/** Runs [query] on this connection and returns its only row or null. */
public suspend fun <R> PgConnection.singleOrNull(query: Query<R>): R? = asSqlExecutor().singleOrNull(query)

/** Runs [query] on this connection and returns its first row. */
public suspend fun <R> PgConnection.first(query: Query<R>): R = asSqlExecutor().first(query)

/** Runs [query] on this connection and returns its first row or null. */
public suspend fun <R> PgConnection.firstOrNull(query: Query<R>): R? = asSqlExecutor().firstOrNull(query)

/** Streams the rows of [query] on this connection, [fetchSize] per round trip. */
public fun <R> PgConnection.flow(query: Query<R>, fetchSize: Int = PgConnection.DEFAULT_FETCH_SIZE): Flow<R> =
    asSqlExecutor().flow(query, fetchSize)

/** Runs an INSERT, UPDATE or DELETE on this connection and returns the affected row count. */
public suspend fun PgConnection.execute(statement: ReturningCapable): Long = asSqlExecutor().execute(statement)

/** Runs raw SQL on this connection and returns the affected row count. */
public suspend fun PgConnection.execute(statement: RawStatement): Long = asSqlExecutor().execute(statement)

/** Runs raw SQL on this connection and returns the engine's rows. */
public suspend fun PgConnection.query(statement: RawStatement): List<Row> = asSqlExecutor().query(statement)

/** Runs same-shaped [statements] on this connection as one batch; returns each row count. */
public suspend fun PgConnection.executeBatch(statements: List<ReturningCapable>): LongArray = asSqlExecutor().executeBatch(statements)
