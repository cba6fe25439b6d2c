package io.databridge.pg

import kotlin.time.Duration
import kotlinx.coroutines.flow.Flow

/**
 * What runs statements: a [PgConnection], a [PgPool] or a [Transaction]. Code written against it (the DSL's
 * execution functions, a repository) runs unchanged on any of the three.
 */
public interface PgSession {
    /** Runs [sql] with [params] (`$1`, `$2`, …) and returns its rows, command tag and row count. */
    public suspend fun query(sql: String, vararg params: Any?, timeout: Duration? = null): QueryResult

    /** Runs [sql] with [params] and returns the number of rows it affected (-1 when its tag has no count). */
    public suspend fun execute(sql: String, vararg params: Any?, timeout: Duration? = null): Long

    /** Runs [sql] once per parameter set in one round trip (all or nothing); returns each row count. */
    public suspend fun executeBatch(sql: String, paramSets: List<List<Any?>>, timeout: Duration? = null): LongArray

    /** Streams the rows of [sql] with [params], [fetchSize] rows per round trip, so memory stays bounded. */
    public fun stream(sql: String, vararg params: Any?, fetchSize: Int = PgConnection.DEFAULT_FETCH_SIZE): Flow<Row>
}
