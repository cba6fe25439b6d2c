package io.databridge.dsl.entity

import io.databridge.dsl.Query
import io.databridge.dsl.ResultRow
import io.databridge.dsl.entity.tracking.IdentityMap
import io.databridge.dsl.entity.write.CopyTarget
import io.databridge.dsl.exec.SqlExecutor
import io.databridge.dsl.exec.list

/**
 * What repositories of one tracking scope share: where statements run, the identity map holding the snapshots, how
 * to make several statements atomic, where bulk inserts may COPY, and (in a unit of work) the flush that runs before
 * each query.
 */
internal class EntityContext(
    val executor: SqlExecutor,
    val identity: IdentityMap,
    private val transactions: TransactionScope,
    /** Where bulk inserts may COPY, if anywhere. */
    val copy: CopyTarget? = null,
    private val beforeQuery: (suspend () -> Unit)? = null,
    /**
     * Whether tracked instances may hold changes not yet written (a unit of work: copies handed to `save`, in-place
     * changes), which a write of another instance of the same key must carry along rather than lose.
     */
    val holdsPendingChanges: Boolean = false,
) {
    /** Runs [block] atomically: in a transaction (or a savepoint of the current one) where the session allows it. */
    suspend fun <T> atomically(block: suspend (SqlExecutor) -> T): T = transactions.run(executor, block)

    suspend fun prepareQuery() {
        beforeQuery?.invoke()
    }

    /** Runs [query] on [on], builds one [E] per row and records each as managed. */
    suspend fun <E : Any> load(mapping: EntityMapping<E, *>, query: Query<ResultRow>, on: SqlExecutor = executor): List<E> {
        val rows = on.list(query)
        val entities = ArrayList<E>(rows.size)
        val values = ArrayList<Array<Any?>>(rows.size)
        val width = mapping.columns.size
        for (row in rows) {
            entities += mapping.fromRow(row)
            // The rows are this call's own and dropped here: their arrays become the snapshots without a copy.
            values += row.handOverValues(width)
        }
        identity.managedAll(mapping, entities, values)
        return entities
    }

    /** Builds the entity of [row] (all of [mapping]'s columns first) and records it as managed. */
    fun <E : Any> managed(mapping: EntityMapping<E, *>, row: ResultRow): E {
        val entity = mapping.fromRow(row)
        identity.managed(mapping, entity, valuesOf(mapping, row))
        return entity
    }

    private fun valuesOf(mapping: EntityMapping<*, *>, row: ResultRow): Array<Any?> = Array(mapping.columns.size) { row.valueAt(it) }
}
