package io.databridge.dsl.replication

import io.databridge.dsl.Column
import io.databridge.dsl.InvalidQueryException
import io.databridge.dsl.ResultRow
import io.databridge.dsl.Table
import io.databridge.dsl.UnexpectedNullException
import io.databridge.dsl.entity.EntityMapping
import io.databridge.dsl.exec.EngineValues
import io.databridge.pg.errors.ValueDecodingException
import io.databridge.pg.replication.ChangeRow

/**
 * One replicated row of [table], read by the table object's columns: `row[Books.title]` is typed as the column is,
 * decoded by the same codecs and mappings (enums, `json<T>`, arrays) as a query result. A row that carries only the
 * replica identity key (the old row of an update or delete under `REPLICA IDENTITY DEFAULT`) refuses its other
 * columns rather than reading them as NULL; an unchanged TOAST value is refused too (see [isUnchangedToast]).
 */
public class ChangedRow internal constructor(
    /** The table object the row belongs to. */
    public val table: Table,
    /** The row as the stream decoded it, for access by name. */
    public val raw: ChangeRow,
    /** Whether only the replica identity key columns are present. */
    public val keyOnly: Boolean,
) {
    /** The value of [column], typed; throws when the row does not carry it (see the class's description). */
    @Suppress("UNCHECKED_CAST")
    public operator fun <T> get(column: Column<T>): T {
        val index = indexOf(column)
        if (keyOnly && !raw.relation.columns[index].isKey) {
            throw ValueDecodingException(
                "the old row of ${raw.relation.qualifiedName} carries only its replica identity key, not \"${column.name}\" " +
                    "(ALTER TABLE … REPLICA IDENTITY FULL sends every column)",
            )
        }
        val value = raw.get(index) ?: return if (column.nullable) null as T else throw UnexpectedNullException(
            "column \"${column.name}\" of ${raw.relation.qualifiedName} is NULL in the replicated row, but its column object is not nullable",
        )
        return EngineValues.fromEngine(value, column.pgType, index) as T
    }

    /** Whether [column] is an unchanged TOAST value the stream did not carry (neither NULL nor a value). */
    public fun isUnchangedToast(column: Column<*>): Boolean = raw.isUnchangedToast(column.name)

    /** The row as an entity of [mapping] (whose table must be this row's); every mapped column must be present. */
    public fun <E : Any> toEntity(mapping: EntityMapping<E, *>): E {
        if (mapping.table !== table) throw InvalidQueryException("${mapping.entityName} maps ${mapping.table.tableName}, not ${table.tableName}")
        return mapping.fromRow(ResultRow(mapping.columns.toTypedArray(), Array(mapping.columns.size) { get(mapping.columns[it]) }))
    }

    private fun indexOf(column: Column<*>): Int {
        if (column.owner !== table) throw InvalidQueryException("$column is not a column of ${table.tableName}")
        return raw.indexOf(column.name)
    }

    override fun toString(): String = "ChangedRow(${raw.relation.qualifiedName}${if (keyOnly) ", key only" else ""})"
}
