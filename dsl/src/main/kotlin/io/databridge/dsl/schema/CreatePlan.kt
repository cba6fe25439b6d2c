package io.databridge.dsl.schema

/**
 * The statements that create a model: enum types first, then each table after the tables its foreign keys
 * reference, with its indexes and comments; keys that would point forward (cycles) are added at the end.
 */
internal object CreatePlan {
    fun statements(model: SchemaModel, ifNotExists: Boolean): List<String> {
        val out = ArrayList<String>()
        model.enums.forEach { out += DdlRenderer.createEnum(it, ifNotExists) }
        val created = HashSet<Pair<String?, String>>()
        val deferred = ArrayList<Pair<TableDef, ForeignKeyDef>>()
        for (table in dependencyOrder(model.tables)) {
            val key = table.schema to table.name
            val (inline, later) = table.foreignKeys.partition { (it.targetSchema to it.targetTable).let { t -> t == key || t in created || t !in keys(model) } }
            out += DdlRenderer.createTable(table, inline, ifNotExists)
            table.indexes.forEach { out += DdlRenderer.createIndex(table.ref, it, concurrently = false, ifNotExists = ifNotExists) }
            out += DdlRenderer.comments(table)
            later.forEach { deferred += table to it }
            created += key
        }
        deferred.forEach { (table, key) -> out += DdlRenderer.addConstraint(table.ref, key, notValid = false, ifNotExists = ifNotExists) }
        return out
    }

    /** [tables] ordered so that each comes after the tables it references; tables in a cycle keep their given order. */
    fun dependencyOrder(tables: List<TableDef>): List<TableDef> {
        val keys = tables.map { it.schema to it.name }.toSet()
        val remaining = tables.toMutableList()
        val placed = LinkedHashMap<Pair<String?, String>, TableDef>()
        while (remaining.isNotEmpty()) {
            val ready = remaining.firstOrNull { t ->
                t.foreignKeys.all { fk -> (fk.targetSchema to fk.targetTable).let { it == (t.schema to t.name) || it !in keys || it in placed } }
            } ?: remaining.first()
            remaining.remove(ready)
            placed[ready.schema to ready.name] = ready
        }
        return placed.values.toList()
    }

    private fun keys(model: SchemaModel): Set<Pair<String?, String>> = model.tables.map { it.schema to it.name }.toSet()
}
