package io.databridge.dsl.schema

/**
 * The statements that create a model: enum types first, composite types next (each after the ones it uses), then each table after the tables its foreign keys
 * reference, with its indexes and comments; keys that would point forward (cycles) are added at the end.
 */
internal object CreatePlan {
    fun statements(model: SchemaModel, ifNotExists: Boolean): List<String> {
        val out = ArrayList<String>()
        model.enums.forEach { out += DdlRenderer.createEnum(it, ifNotExists) }
        model.composites.forEach { out += DdlRenderer.createComposite(it, ifNotExists) }
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

    /**
     * [tables] ordered so that each comes after the tables it references. When only cycles remain, the first
     * table on a cycle goes next (its keys into the cycle are added after the tables), never a table that merely
     * waits for a cycle.
     */
    fun dependencyOrder(tables: List<TableDef>): List<TableDef> {
        val byKey = tables.associateBy { it.schema to it.name }
        fun targets(t: TableDef) = t.foreignKeys.map { it.targetSchema to it.targetTable }.filter { it in byKey && it != (t.schema to t.name) }.toSet()
        val remaining = tables.toMutableList()
        val placed = LinkedHashMap<Pair<String?, String>, TableDef>()
        fun onCycle(t: TableDef): Boolean {
            val start = t.schema to t.name
            val seen = HashSet<Pair<String?, String>>()
            val stack = ArrayDeque(targets(t).filter { it !in placed })
            while (stack.isNotEmpty()) {
                val next = stack.removeLast()
                if (next == start) return true
                if (seen.add(next)) stack.addAll(targets(byKey.getValue(next)).filter { it !in placed })
            }
            return false
        }
        while (remaining.isNotEmpty()) {
            val ready = remaining.firstOrNull { t -> targets(t).all { it in placed } } ?: remaining.first(::onCycle)
            remaining.remove(ready)
            placed[ready.schema to ready.name] = ready
        }
        return placed.values.toList()
    }

    private fun keys(model: SchemaModel): Set<Pair<String?, String>> = model.tables.map { it.schema to it.name }.toSet()
}
