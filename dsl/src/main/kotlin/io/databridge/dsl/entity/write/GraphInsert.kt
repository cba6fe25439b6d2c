package io.databridge.dsl.entity.write

import io.databridge.dsl.entity.EntityContext
import io.databridge.dsl.entity.EntityMapping
import io.databridge.dsl.entity.InvalidMappingException
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
import io.databridge.dsl.exec.list
import io.databridge.dsl.returning
import java.util.IdentityHashMap

/**
 * Inserts [roots] and every new entity reachable from them through loaded [Related] values (cascade on save), in
 * foreign-key order: waves of entities whose parents are stored, each wave as multi-row INSERTs (one per mapping
 * and column set, cut under the parameter limit) returning the stored rows (unless every column was given), whose
 * keys then fill the children's foreign keys. An entity already tracked as stored is referenced, not inserted. Rows come back in VALUES order,
 * which PostgreSQL's INSERT … VALUES … RETURNING keeps.
 */
internal class GraphInsert(private val context: EntityContext, roots: List<Pair<EntityMapping<*, *>, Any>>) {
    private class Node(val mapping: EntityMapping<Any, *>, val original: Any, val values: Array<Any?>) {
        val parents = ArrayList<Dependency>()
        var stored: Any? = null
        var storedValues: Array<Any?>? = null
        val included: IntArray = values.indices.filter { !(mapping.generated[it] && values[it] == null) }.toIntArray()
    }

    private class Dependency(val parent: Node, val foreignKey: Int, val referenced: Int)

    /** A holder to fill on the stored entity of [owner] with the stored form of [related] (nodes or tracked entities). */
    private class Fill(val owner: Node, val holder: PropertyReader<Any, Related<Any?>>, val related: List<Any>, val many: Boolean)

    private class Link(val relation: ManyToMany<*, *>, val source: Node, val target: Any)

    private val nodes = IdentityHashMap<Any, Node>()
    private val order = ArrayList<Node>()
    private val fills = ArrayList<Fill>()
    private val links = ArrayList<Link>()
    private val rootNodes: List<Node> = roots.map { (mapping, entity) -> discover(mapping, entity, root = true)!! }

    /** Whether everything fits one INSERT statement, which needs no transaction to be atomic. */
    val isOneStatement: Boolean
        get() = links.isEmpty() && order.all { it.parents.isEmpty() } && order.map { it.mapping to it.included.toList() }.distinct().size == 1 &&
            order.size <= ParameterLimit.rowsPerStatement(order[0].included.size)

    /** The rows to store when the graph is new rows of one mapping with every column given and nothing to link; else null. */
    fun completeRows(): List<Array<Any?>>? {
        val flat = links.isEmpty() && order.all { it.mapping === order[0].mapping && it.parents.isEmpty() && it.included.size == it.values.size }
        return if (flat) order.map { it.values } else null
    }

    /** Records the rows of [completeRows], stored by other means (COPY), as sent; returns the roots as given. */
    fun storedAsGiven(): List<Any> {
        for (node in order) context.identity.managed(node.mapping, node.original, node.values)
        return rootNodes.map { it.original }
    }

    /** Runs the inserts on [executor] and returns the stored form of each root, in order. */
    suspend fun run(executor: SqlExecutor): List<Any> {
        val pending = LinkedHashSet(order)
        while (pending.isNotEmpty()) {
            val ready = pending.filter { node -> node.parents.all { it.parent.stored != null } }
            if (ready.isEmpty()) {
                throw InvalidMappingException("new entities reference each other in a cycle (${pending.first().mapping.entityName}…): store one side first")
            }
            val wave = inTableOrder(ready, pending)
            for (node in wave) for (d in node.parents) node.values[d.foreignKey] = d.parent.storedValues!![d.referenced]
            insert(executor, wave)
            pending.removeAll(wave.toSet())
        }
        insertLinks(executor)
        for (fill in fills) {
            val stored = fill.related.map(::storedForm)
            fill.holder.read(fill.owner.stored!!).set(if (fill.many) stored else stored.firstOrNull())
        }
        for (node in order) context.identity.managed(node.mapping, node.stored!!, node.storedValues!!)
        return rootNodes.map { it.stored!! }
    }

    @Suppress("UNCHECKED_CAST")
    private fun discover(mapping: EntityMapping<*, *>, entity: Any, root: Boolean): Node? {
        nodes[entity]?.let { return it }
        mapping as EntityMapping<Any, *>
        val values = mapping.valuesOf(entity)
        if (!root && isStored(mapping, values)) return null
        val node = Node(mapping, entity, values)
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
        for ((shape, group) in wave.groupBy { it.mapping to it.included.toList() }) {
            val (mapping, included) = shape
            // Rows that give every column leave the database nothing to fill: they are stored as sent, without RETURNING.
            val complete = included.size == mapping.columns.size
            for (chunk in group.chunked(ParameterLimit.rowsPerStatement(included.size))) {
                val statement = EntityStatements.insertValues(mapping.table, included.map { mapping.columns[it] }, chunk.map { node -> included.map { node.values[it] } })
                if (complete) {
                    executor.execute(statement)
                    chunk.forEach { node ->
                        node.stored = node.original
                        node.storedValues = node.values
                    }
                    continue
                }
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
