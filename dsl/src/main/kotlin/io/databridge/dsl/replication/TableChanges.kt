package io.databridge.dsl.replication

import io.databridge.dsl.InvalidQueryException
import io.databridge.dsl.Table
import io.databridge.pg.replication.ChangeTransaction
import io.databridge.pg.replication.Delivery
import io.databridge.pg.replication.Relation
import io.databridge.pg.replication.RowDeleted
import io.databridge.pg.replication.RowInserted
import io.databridge.pg.replication.RowUpdated
import io.databridge.pg.replication.TablesTruncated

/**
 * The changes of this transaction to [tables], in order, as typed rows of their table objects; changes of other
 * tables and logical messages are left out. A table object without a schema matches its table in any schema, one
 * with a schema only there.
 */
public fun ChangeTransaction.changes(vararg tables: Table): List<TableChange> {
    requireTables(tables)
    val out = ArrayList<TableChange>()
    for (change in changes) {
        when (change) {
            is RowInserted -> tableOf(change.relation, tables)?.let { out += TableChange.Inserted(it, change.ordinal, ChangedRow(it, change.newRow, false)) }
            is RowUpdated -> tableOf(change.relation, tables)?.let { table ->
                val old = change.oldRow?.let { ChangedRow(table, it, change.oldIsKey) }
                out += TableChange.Updated(table, change.ordinal, old, ChangedRow(table, change.newRow, false))
            }
            is RowDeleted -> tableOf(change.relation, tables)?.let { out += TableChange.Deleted(it, change.ordinal, ChangedRow(it, change.oldRow, change.oldIsKey)) }
            is TablesTruncated -> for (relation in change.relations) {
                tableOf(relation, tables)?.let { out += TableChange.Truncated(it, change.ordinal, change.cascade, change.restartIdentity) }
            }
            else -> Unit
        }
    }
    return out
}

/**
 * The changes this delivery carries to [tables] (see [ChangeTransaction.changes]); none for a prepared-transaction
 * outcome or a standalone message. Acknowledge the delivery itself once they are processed.
 */
public fun Delivery.changes(vararg tables: Table): List<TableChange> {
    requireTables(tables)
    return (event as? ChangeTransaction)?.changes(*tables) ?: emptyList()
}

private fun requireTables(tables: Array<out Table>) {
    if (tables.isEmpty()) throw InvalidQueryException("changes(…) needs at least one table object")
}

private fun tableOf(relation: Relation, tables: Array<out Table>): Table? =
    tables.firstOrNull { it.tableName == relation.name && (it.schemaName == null || it.schemaName == relation.namespace) }
