package io.databridge.dsl.entity.write

import io.databridge.dsl.entity.EntityMapping
import io.databridge.dsl.entity.statements.EntityStatements
import io.databridge.dsl.exec.EngineValues
import io.databridge.dsl.exec.SqlExecutor
import io.databridge.dsl.types.PgType

/**
 * Rows that give every column of their mapping, inserted as one batch of a prepared one-row INSERT (one round trip,
 * all or nothing; the statement the DSL's `executeBatch` of `Table.insert` sends). The statement is rendered once and
 * each row's values are bound to it as its parameters would be (checked by the column's type, converted for the
 * engine), rather than building and rendering a statement tree per row: that was a third of insertAll's client time.
 * Where no column's values convert, the row's own value array is the parameter set, with no copy.
 */
internal object CompleteRowsBatch {
    suspend fun insert(executor: SqlExecutor, mapping: EntityMapping<*, *>, rows: List<Array<Any?>>) {
        val rendered = executor.renderer.render(EntityStatements.insertValues(mapping.table, mapping.columns, listOf(rows[0].asList())))
        val types = mapping.columns.map { it.pgType }
        // One parameter per column in column order is what makes the rows' values its parameter sets.
        check(rendered.parameters.size == types.size && rendered.parameters.indices.all { rendered.parameters[it].type == types[it] }) {
            "the INSERT of ${mapping.entityName} binds ${rendered.parameters.size} parameters for ${types.size} columns"
        }
        val converting = types.any { !EngineValues.passesThrough(it) }
        val sets = rows.map { row -> if (converting) engineValues(row, types) else checked(row, types).asList() }
        executor.executeBatch(rendered.sql, sets)
    }

    /** [row] itself after checking each value by its column's type: values that pass through are bound as they are. */
    fun checked(row: Array<Any?>, types: List<PgType<*>>): Array<Any?> {
        for (i in row.indices) row[i]?.let { types[i].validate(it) }
        return row
    }

    /** [row]'s values checked and converted for the engine, in a list of their own (the row stays as the entity gave it). */
    private fun engineValues(row: Array<Any?>, types: List<PgType<*>>): List<Any?> = List(types.size) { i ->
        row[i]?.let { value ->
            types[i].validate(value)
            EngineValues.toEngine(value, types[i])
        }
    }
}
