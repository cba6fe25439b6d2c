package io.databridge.dsl.entity

import io.databridge.dsl.exec.SqlExecutor
import io.databridge.dsl.exec.asSqlExecutor
import io.databridge.pg.PgSession

/** How a tracking scope makes several statements atomic. */
internal interface TransactionScope {
    /** Runs [block] with the executor its statements must use. */
    suspend fun <T> run(executor: SqlExecutor, block: suspend (SqlExecutor) -> T): T

    companion object {
        /** A transaction of [session] (a savepoint inside one already open); a session of another kind runs as is. */
        fun of(session: PgSession): TransactionScope = object : TransactionScope {
            override suspend fun <T> run(executor: SqlExecutor, block: suspend (SqlExecutor) -> T): T =
                session.asSqlExecutor(executor.renderer).atomically(block)
        }

        /** No transaction control: a plain [SqlExecutor] runs the statements one after another. */
        val none: TransactionScope = object : TransactionScope {
            override suspend fun <T> run(executor: SqlExecutor, block: suspend (SqlExecutor) -> T): T = block(executor)
        }
    }
}
