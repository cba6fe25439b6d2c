package io.databridge.dsl.entity.write

import io.databridge.dsl.entity.EntityMapping
import io.databridge.dsl.entity.statements.EntityStatements
import io.databridge.dsl.exec.EngineValues
import io.databridge.dsl.exec.SqlExecutor
import io.databridge.dsl.render.BoundParameter

/**
 * Rows that give every column of their mapping, inserted as one batch of a prepared one-row INSERT (one round trip,
 * all or nothing; the statement the DSL's `executeBatch` of `Table.insert` sends). The statement is rendered once and
 * each row's values are bound to it as its parameters would be (checked by the column's type, converted for the
 * engine), rather than building and rendering a statement tree per row: that was a third of insertAll's client time.
 */
internal object CompleteRowsBatch {
    suspend fun insert(executor: SqlExecutor, mapping: EntityMapping<*, *>, rows: List<Array<Any?>>) {
        val rendered = executor.renderer.render(EntityStatements.insertValues(mapping.table, mapping.columns, listOf(rows[0].asList())))
        val types = mapping.columns.map { it.pgType }
        // One parameter per column in column order is what makes the rows' values its parameter sets.
        check(rendered.parameters.size == types.size && rendered.parameters.indices.all { rendered.parameters[it].type == types[it] }) {
            "the INSERT of ${mapping.entityName} binds ${rendered.parameters.size} parameters for ${types.size} columns"
        }
        val sets = rows.map { row ->
            List(types.size) { i ->
                val value = row[i]
                if (value != null) types[i].validate(value)
                EngineValues.toEngine(BoundParameter(value, types[i]))
            }
        }
        executor.executeBatch(rendered.sql, sets)
    }
}
