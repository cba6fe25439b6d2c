package io.databridge.dsl.entity

import io.databridge.dsl.exec.SqlExecutor
import io.databridge.dsl.exec.asSqlExecutor
import io.databridge.pg.PgConnection
import io.databridge.pg.PgPool
import io.databridge.pg.PgSession
import io.databridge.pg.Transaction
import io.databridge.pg.transaction

/** How a tracking scope makes several statements atomic. */
internal interface TransactionScope {
    /** Runs [block] with the executor its statements must use. */
    suspend fun <T> run(executor: SqlExecutor, block: suspend (SqlExecutor) -> T): T

    companion object {
        /** A transaction of [session] (a savepoint inside one already open); a session of another kind runs as is. */
        fun of(session: PgSession): TransactionScope = object : TransactionScope {
            override suspend fun <T> run(executor: SqlExecutor, block: suspend (SqlExecutor) -> T): T = when (session) {
                is PgPool -> session.transaction { block(it.asSqlExecutor(executor.renderer)) }
                is PgConnection -> session.transaction { block(it.asSqlExecutor(executor.renderer)) }
                is Transaction -> session.transaction { block(it.asSqlExecutor(executor.renderer)) }
                else -> block(executor)
            }
        }

        /** No transaction control: a plain [SqlExecutor] runs the statements one after another. */
        val none: TransactionScope = object : TransactionScope {
            override suspend fun <T> run(executor: SqlExecutor, block: suspend (SqlExecutor) -> T): T = block(executor)
        }
    }
}
