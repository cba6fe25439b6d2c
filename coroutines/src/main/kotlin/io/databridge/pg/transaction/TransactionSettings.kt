package io.databridge.pg.transaction

import io.databridge.pg.IsolationLevel
import io.databridge.pg.RetryPolicy

/** How the outermost transaction block begins; nested blocks become savepoints and ignore these. */
internal data class TransactionSettings(
    val isolation: IsolationLevel?,
    val readOnly: Boolean,
    val deferrable: Boolean,
    val retry: RetryPolicy?,
) {
    fun beginSql(): String = buildString {
        append("BEGIN")
        isolation?.let { append(" ISOLATION LEVEL ").append(it.sql) }
        if (readOnly) append(" READ ONLY")
        if (deferrable) append(" DEFERRABLE")
    }
}
