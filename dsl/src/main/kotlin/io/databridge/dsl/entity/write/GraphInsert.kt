package io.databridge.dsl.entity.write

import io.databridge.dsl.entity.EntityContext
import io.databridge.dsl.entity.EntityCycleException
import io.databridge.dsl.entity.EntityMapping
import io.databridge.dsl.entity.ManyToMany
import io.databridge.dsl.entity.ManyToOne
import io.databridge.dsl.entity.OneToMany
import io.databridge.dsl.entity.PropertyReader
import io.databridge.dsl.entity.Related
import io.databridge.dsl.entity.tracking.EntityState
import io.databridge.dsl.entity.statements.EntityStatements
import io.databridge.dsl.exec.ParameterLimit
import io.databridge.dsl.exec.SqlExecutor
import io.databridge.dsl.exec.execute
import io.databridge.dsl.exec.executeBatch
import io.databridge.dsl.exec.list
import io.databridge.dsl.returning
import io.databridge.dsl.schema.Deferrability
import io.databridge.dsl.schema.qualifiedName
import java.util.IdentityHashMap

/**
 * Inserts [roots] and every new entity reachable from them through loaded [Related] values (cascade on save), in
 * foreign-key order: waves of entities whose parents are stored, each wave as multi-row INSERTs (one per mapping
 * and column set, cut under the parameter limit) returning the stored rows, whose keys then fill the children's
 * foreign keys; rows that give every column go as a batch of one-row INSERTs without RETURNING. An entity already
 * tracked as stored is referenced, not inserted. Rows come back in VALUES order, which PostgreSQL's
 * INSERT … VALUES … RETURNING keeps.
 */
internal class GraphInsert(private val context: EntityContext, roots: List<Pair<EntityMapping<*, *>, Any>>) {
    /** [included]: the columns the INSERT gives, one shared array per mapping and column set, so it groups by identity. */
    private class Node(val mapping: EntityMapping<Any, *>, val original: Any, val values: Array<Any?>, val included: IntArray) {
        val parents = ArrayList<Dependency>()
        var stored: Any? = null
        var storedValues: Array<Any?>? = null
    }

    private class Dependency(val parent: Node, val foreignKey: Int, val referenced: Int)

    /** A holder to fill on the stored entity of [owner] with the stored form of [related] (nodes or tracked entities). */
    private class Fill(val owner: Node, val holder: PropertyReader<Any, Related<Any?>>, val related: List<Any>, val many: Boolean)

    private class Link(val relation: ManyToMany<*, *>, val source: Node, val target: Any)

    private val nodes = IdentityHashMap<Any, Node>(roots.size)
    private val columnSets = HashMap<EntityMapping<*, *>, MutableList<IntArray>>()
    private val order = ArrayList<Node>()
    private val fills = ArrayList<Fill>()
    private val links = ArrayList<Link>()
    private val rootNodes: List<Node> = roots.map { (mapping, entity) -> discover(mapping, entity, root = true)!! }

    /**
     * New rows of one mapping that depend on no other new row: one wave, whatever their tables reference. Known once
     * discovery is done (only cutting a cycle changes parents later, and a flat graph has none).
     */
    private val isFlat: Boolean = order.all { it.mapping === order[0].mapping && it.parents.isEmpty() }

    /** The rows all give the same columns (one shared array per column set). */
    private val isOneColumnSet: Boolean = order.all { it.included === order[0].included }

    /** Whether everything fits one INSERT statement or one batch (all or nothing), which needs no transaction to be atomic. */
    val isOneStatement: Boolean
        get() = links.isEmpty() && isFlat && isOneColumnSet && order.size <= ParameterLimit.rowsPerStatement(order[0].included.size)

    /** The rows to store when the graph is new rows of one mapping with every column given and nothing to link; else null. */
    fun completeRows(): List<Array<Any?>>? {
        val complete = links.isEmpty() && isFlat && order.all { it.included.size == it.values.size }
        return if (complete) order.map { it.values } else null
    }

    /** Records the rows of [completeRows], stored by other means (COPY), as sent; returns the roots as given. */
    fun storedAsGiven(): List<Any> {
        track(order.map { it.original }, order.map { it.values })
        return rootNodes.map { it.original }
    }

    /**
     * Runs the inserts on [executor] and returns the stored form of each root, in order. A cycle among the new
     * entities is broken first, before any statement: a nullable foreign key of the cycle is inserted as NULL and set
     * by an UPDATE once both rows exist; else a DEFERRABLE one whose target key is given is checked at the end;
     * else [EntityCycleException].
     */
    suspend fun run(executor: SqlExecutor): List<Any> {
        val plan = plan()
        for (constraint in plan.deferred) executor.execute(EntityStatements.setConstraint(constraint, deferred = true), emptyList())
        for (wave in plan.waves) {
            for (node in wave) for (d in node.parents) node.values[d.foreignKey] = d.parent.storedValues!![d.referenced]
            insert(executor, wave)
        }
        setCutForeignKeys(executor, plan.cut)
        // Makes the deferred checks run now, so a violation fails this save rather than the commit.
        for (constraint in plan.deferred) executor.execute(EntityStatements.setConstraint(constraint, deferred = false), emptyList())
        insertLinks(executor)
        for (fill in fills) {
            val stored = fill.related.map(::storedForm)
            fill.holder.read(fill.owner.stored!!).set(if (fill.many) stored else stored.firstOrNull())
        }
        track(order.map { it.stored!! }, order.map { it.storedValues!! })
        return rootNodes.map { it.stored!! }
    }

    /** Records [entities] (one per node of [order]) as stored with [values]: in one go when they share a mapping. */
    private fun track(entities: List<Any>, values: List<Array<Any?>>) {
        if (isFlat && order.isNotEmpty()) return context.identity.managedAll(order[0].mapping, entities, values)
        for (i in order.indices) context.identity.managed(order[i].mapping, entities[i], values[i])
    }

    private class Cut(val node: Node, val dependency: Dependency)

    private class InsertPlan(val waves: List<List<Node>>, val cut: List<Cut>, val deferred: List<String>)

    /** The waves of inserts in foreign-key order, with the cycles cut. */
    private fun plan(): InsertPlan {
        if (isFlat) return InsertPlan(listOf(order), emptyList(), emptyList())
        val pending = LinkedHashSet(order)
        val scheduled = HashSet<Node>()
        val waves = ArrayList<List<Node>>()
        val cut = ArrayList<Cut>()
        val deferred = LinkedHashSet<String>()
        while (pending.isNotEmpty()) {
            val ready = pending.filter { node -> node.parents.all { it.parent in scheduled } }
            if (ready.isEmpty()) {
                cutCycle(pending, cut, deferred)
                continue
            }
            val wave = inTableOrder(ready, pending)
            waves += wave
            scheduled += wave
            pending.removeAll(wave.toSet())
        }
        return InsertPlan(waves, cut, deferred.toList())
    }

    /** Cuts one foreign key of a cycle among [pending] nodes: a nullable one, else a deferrable one with a known target. */
    private fun cutCycle(pending: Set<Node>, cut: MutableList<Cut>, deferred: MutableSet<String>) {
        val cycle = pending.flatMap { node -> node.parents.filter { it.parent in pending && reaches(it.parent, node, pending) }.map { node to it } }
        cycle.firstOrNull { (node, d) -> node.mapping.columns[d.foreignKey].nullable }?.let { (node, d) ->
            node.parents.remove(d)
            node.values[d.foreignKey] = null
            cut += Cut(node, d)
            return
        }
        cycle.firstOrNull { (node, d) -> deferrability(node, d) != Deferrability.NOT_DEFERRABLE && d.parent.values[d.referenced] != null }?.let { (node, d) ->
            node.parents.remove(d)
            node.values[d.foreignKey] = d.parent.values[d.referenced]
            if (deferrability(node, d) == Deferrability.DEFERRABLE_INITIALLY_IMMEDIATE) deferred += constraintName(node, d)
            return
        }
        val edges = cycle.map { (node, d) -> "${node.mapping.table.tableName}.${node.mapping.columns[d.foreignKey].name} -> ${d.parent.mapping.table.tableName}" }
        throw EntityCycleException(
            "new ${cycle.map { it.first.mapping.entityName }.distinct().joinToString(" and ")} entities reference each other in a cycle " +
                "(${edges.distinct().joinToString(", ")}) whose foreign keys are all NOT NULL and neither DEFERRABLE nor pointing at a " +
                "key given in advance; nothing was written: store one side first, or make one of these columns nullable or DEFERRABLE",
        )
    }

    /** The columns an INSERT of [values] gives (generated ones left out while null), shared with the previous node's when equal. */
    private fun includedColumns(mapping: EntityMapping<*, *>, values: Array<Any?>): IntArray {
        val known = columnSets.getOrPut(mapping) { ArrayList() }
        // Found without allocating: this runs once per row, and the rows of one insertAll mostly share one set.
        known.firstOrNull { gives(mapping, values, it) }?.let { return it }
        var count = 0
        for (i in values.indices) if (!leftOut(mapping, values, i)) count++
        val included = IntArray(count)
        var at = 0
        for (i in values.indices) if (!leftOut(mapping, values, i)) included[at++] = i
        return included.also { known += it }
    }

    /** Whether the columns an INSERT of [values] gives are exactly [included]. */
    private fun gives(mapping: EntityMapping<*, *>, values: Array<Any?>, included: IntArray): Boolean {
        var at = 0
        for (i in values.indices) {
            if (leftOut(mapping, values, i)) continue
            if (at == included.size || included[at] != i) return false
            at++
        }
        return at == included.size
    }

    private fun leftOut(mapping: EntityMapping<*, *>, values: Array<Any?>, i: Int): Boolean = mapping.generated[i] && values[i] == null

    /** Whether [to] is reachable from [from] following parents among [within]. */
    private fun reaches(from: Node, to: Node, within: Set<Node>): Boolean {
        val seen = HashSet<Node>()
        val stack = ArrayDeque(listOf(from))
        while (stack.isNotEmpty()) {
            val node = stack.removeLast()
            if (node === to) return true
            if (seen.add(node)) node.parents.forEach { if (it.parent in within) stack += it.parent }
        }
        return false
    }

    private fun deferrability(node: Node, d: Dependency): Deferrability =
        node.mapping.table.declarations.foreignKeyOptions[node.mapping.columns[d.foreignKey].name]?.deferrability ?: Deferrability.NOT_DEFERRABLE

    // PostgreSQL names an unnamed single-column foreign key <table>_<column>_fkey.
    private fun constraintName(node: Node, d: Dependency): String {
        val table = node.mapping.table
        val column = node.mapping.columns[d.foreignKey].name
        val name = table.declarations.foreignKeyOptions[column]?.name ?: "${table.tableName}_${column}_fkey"
        return qualifiedName(table.schemaName, name)
    }

    /** Sets the foreign keys inserted as NULL to cut a cycle, one batch per column, and rebuilds those entities. */
    private suspend fun setCutForeignKeys(executor: SqlExecutor, cut: List<Cut>) {
        for ((shape, group) in cut.groupBy { it.node.mapping to it.dependency.foreignKey }) {
            val (mapping, foreignKey) = shape
            for (c in group) c.node.storedValues!![foreignKey] = c.dependency.parent.storedValues!![c.dependency.referenced]
            executor.executeBatch(group.map { EntityStatements.setColumn(mapping, foreignKey, it.node.storedValues!!) })
            for (c in group) c.node.stored = mapping.fromValues(c.node.storedValues!!)
        }
    }

    @Suppress("UNCHECKED_CAST")
    private fun discover(mapping: EntityMapping<*, *>, entity: Any, root: Boolean): Node? {
        nodes[entity]?.let { return it }
        mapping as EntityMapping<Any, *>
        val values = mapping.valuesOf(entity)
        if (!root && isStored(mapping, values)) return null
        val node = Node(mapping, entity, values, includedColumns(mapping, values))
        nodes[entity] = node
        order += node
        for (relation in mapping.relations) {
            when (relation) {
                is ManyToOne<*, *> -> {
                    val holder = relation.holder as PropertyReader<Any, Related<Any?>>
                    val parent = holder.read(entity).takeIf { it.isLoaded }?.value ?: continue
                    val foreignKey = mapping.indexOf(relation.foreignKey)
                    val referenced = relation.target.indexOf(relation.referenced)
                    val parentNode = discover(relation.target, parent, root = false)
                    if (parentNode != null) {
                        node.parents += Dependency(parentNode, foreignKey, referenced)
                    } else {
                        values[foreignKey] = (relation.target as EntityMapping<Any, *>).valueOf(parent, referenced)
                    }
                    fills += Fill(node, holder, listOf(parentNode ?: parent), many = false)
                }
                is OneToMany<*, *> -> {
                    val holder = relation.holder as PropertyReader<Any, Related<Any?>>
                    val children = (holder.read(entity).takeIf { it.isLoaded }?.value as List<Any>?) ?: continue
                    val foreignKey = relation.target.indexOf(relation.foreignKey)
                    val referenced = mapping.indexOf(relation.referenced)
                    val related = children.map { child ->
                        val childNode = discover(relation.target, child, root = false)
                        childNode?.parents?.add(Dependency(node, foreignKey, referenced))
                        childNode ?: child
                    }
                    fills += Fill(node, holder, related, many = true)
                }
                is ManyToMany<*, *> -> {
                    val holder = relation.holder as PropertyReader<Any, Related<Any?>>
                    val targets = (holder.read(entity).takeIf { it.isLoaded }?.value as List<Any>?) ?: continue
                    val related = targets.map { target -> discover(relation.target, target, root = false) ?: target }
                    related.forEach { links += Link(relation, node, it) }
                    fills += Fill(node, holder, related, many = true)
                }
            }
        }
        return node
    }

    private fun isStored(mapping: EntityMapping<*, *>, values: Array<Any?>): Boolean {
        val key = mapping.keyOf(values)
        return key.none { it == null } && context.identity.get(mapping, key)?.state == EntityState.MANAGED
    }

    /** Of the [ready] nodes, those whose tables reference no other table that still has rows to insert. */
    private fun inTableOrder(ready: List<Node>, pending: Collection<Node>): List<Node> {
        val waiting = pending.map { it.mapping.table }.toSet()
        val first = ready.filter { node ->
            node.mapping.table.references.values.none { it.owner !== node.mapping.table && it.owner in waiting }
        }
        return first.ifEmpty { ready }
    }

    private suspend fun insert(executor: SqlExecutor, wave: List<Node>) {
        val groups = if (isOneColumnSet && wave.isNotEmpty()) mapOf(wave[0].included to wave) else wave.groupBy { it.included }
        for ((included, group) in groups) {
            val mapping = group[0].mapping
            val columns = included.map { mapping.columns[it] }
            // Rows that give every column leave the database nothing to fill: they are stored as sent, without RETURNING.
            val complete = included.size == mapping.columns.size
            for (chunk in group.chunked(ParameterLimit.rowsPerStatement(included.size))) {
                if (complete) {
                    // One prepared one-row INSERT, pipelined as one batch (the DSL's own W5 statement): on 1,000
                    // ten-column rows it was never slower than one 1,000-row INSERT … VALUES (docs/benchmarks.md, round 3).
                    CompleteRowsBatch.insert(executor, mapping, chunk.map { it.values })
                    chunk.forEach { node ->
                        node.stored = node.original
                        node.storedValues = node.values
                    }
                    continue
                }
                val statement = EntityStatements.insertValues(mapping.table, columns, chunk.map { node -> included.map { node.values[it] } })
                val rows = executor.list(statement.returning(mapping.columns))
                if (rows.size != chunk.size) {
                    throw IllegalStateException("INSERT into ${mapping.table.tableName} returned ${rows.size} rows for ${chunk.size}")
                }
                chunk.forEachIndexed { i, node ->
                    node.stored = mapping.fromRow(rows[i])
                    node.storedValues = Array(mapping.columns.size) { rows[i].valueAt(it) }
                }
            }
        }
    }

    private suspend fun insertLinks(executor: SqlExecutor) {
        for ((relation, group) in links.groupBy { it.relation }) {
            val sourceRef = relation.source.indexOf(relation.sourceReferenced)
            @Suppress("UNCHECKED_CAST")
            val target = relation.target as EntityMapping<Any, *>
            val targetRef = target.indexOf(relation.targetReferenced)
            val rows = group.map { link ->
                val targetValue = when (val t = link.target) {
                    is Node -> t.storedValues!![targetRef]
                    else -> target.valueOf(t, targetRef)
                }
                listOf(link.source.storedValues!![sourceRef], targetValue)
            }
            val columns = listOf(relation.sourceLink, relation.targetLink)
            for (chunk in rows.chunked(ParameterLimit.rowsPerStatement(columns.size))) {
                executor.execute(EntityStatements.insertValues(relation.link, columns, chunk))
            }
        }
    }

    private fun storedForm(related: Any): Any = (related as? Node)?.stored ?: related
}
