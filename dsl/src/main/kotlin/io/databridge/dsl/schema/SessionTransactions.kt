package io.databridge.dsl.schema

import io.databridge.pg.PgConnection
import io.databridge.pg.PgPool
import io.databridge.pg.PgSession
import io.databridge.pg.Transaction
import io.databridge.pg.transaction

/** Runs [block] in a transaction on this session: a new one on a connection or pool, a savepoint inside a transaction. */
internal suspend fun <T> PgSession.inTransaction(block: suspend (PgSession) -> T): T = when (this) {
    is Transaction -> transaction { block(it) }
    is PgConnection -> transaction { block(it) }
    is PgPool -> transaction { block(it) }
    else -> throw SchemaException("schema work needs a PgConnection, PgPool or Transaction to run in one transaction, not ${this::class.simpleName}")
}

/** Runs [block] in a transaction that is always rolled back, and returns its result. */
internal suspend fun <T> PgSession.rolledBack(block: suspend (PgSession) -> T): T {
    var result: Result<T>? = null
    try {
        inTransaction { tx ->
            result = Result.success(block(tx))
            throw RollbackSignal()
        }
    } catch (_: RollbackSignal) {
        // The block finished; the signal only undid its work.
    }
    return result!!.getOrThrow()
}

private class RollbackSignal : RuntimeException(null, null, false, false)
