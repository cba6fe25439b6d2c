package io.databridge.dsl.entity

import io.databridge.dsl.Column
import io.databridge.dsl.Expr
import io.databridge.dsl.ResultRow
import io.databridge.dsl.Table
import io.databridge.dsl.types.BuiltinType
import io.databridge.dsl.types.PgType
import java.util.concurrent.CopyOnWriteArrayList
import java.util.function.Consumer

/**
 * How entities of class [E] with identifiers [ID] are stored in [table]: one reader per column, the key, an optional
 * version column and the factory that builds an entity from a row. Built once by [entity] (or [of] from Java) and
 * checked then: every column of the table needs a property, and typed readers make a mistyped one a compile error
 * ([serializableEntity] derives the binding from a generated serializer and checks the types when it is built).
 * Reading and writing rows goes through these functions or the serializer only, with no reflection per row.
 */
public class EntityMapping<E : Any, ID : Any> internal constructor(
    /** The table the entities live in. */
    public val table: Table,
    /** The entity class's simple name, for messages. */
    public val entityName: String,
    private val codec: EntityCodec<E>,
    internal val generated: BooleanArray,
    /** The key columns, in the order the id declares them. */
    public val keyColumns: List<Column<*>>,
    private val idValues: (ID) -> List<Any?>,
    /** The optimistic-lock version column, if one was declared. */
    public val versionColumn: Column<*>?,
) {
    /** The mapped columns: all of the table's, in its order. */
    public val columns: List<Column<*>> = table.columns.toList()

    internal val exprs: Array<Expr<*>> = columns.toTypedArray()
    internal val keyIndexes: IntArray = keyColumns.map { columns.indexOf(it) }.toIntArray()
    internal val versionIndex: Int = versionColumn?.let { columns.indexOf(it) } ?: -1

    /**
     * The columns whose values may be mutable containers (byte arrays, lists, maps), which snapshots copy: known by
     * the column's type, so tracking a row does not test every value's class.
     */
    internal val containerIndexes: IntArray = columns.indices.filter { mayHoldContainer(columns[it].pgType) }.toIntArray()

    /** Relations declared from this mapping's side; cascades and flushes follow them. */
    internal val relations: MutableList<Relation<E, *>> = CopyOnWriteArrayList()

    /** A many-to-one relation: this table's [foreignKey] references [target]'s table; loaded into [holder]. */
    public fun <T : Any> manyToOne(target: EntityMapping<T, *>, foreignKey: Column<*>, holder: PropertyReader<E, Related<T?>>): ManyToOne<E, T> {
        val referenced = referencedColumn(foreignKey, table, target.table, "$entityName.manyToOne(${target.entityName})")
        return ManyToOne(this, target, foreignKey, referenced, holder).also { relations += it }
    }

    /**
     * A one-to-many relation: [target]'s table has [foreignKey] referencing this table; loaded into [holder].
     * [onDelete] says what deleting one of these entities does to its targets (cascades need a single-column id).
     */
    @JvmOverloads
    public fun <T : Any> oneToMany(
        target: EntityMapping<T, *>,
        foreignKey: Column<*>,
        holder: PropertyReader<E, Related<List<T>>>,
        onDelete: OnDelete = OnDelete.NONE,
    ): OneToMany<E, T> {
        val name = "$entityName.oneToMany(${target.entityName})"
        val referenced = referencedColumn(foreignKey, target.table, table, name)
        if (onDelete != OnDelete.NONE && keyColumns != listOf(referenced)) {
            throw InvalidMappingException("$name: $onDelete needs $foreignKey to reference $entityName's single-column id, not $referenced")
        }
        if (onDelete == OnDelete.DETACH && !foreignKey.nullable) {
            throw InvalidMappingException("$name: DETACH sets $foreignKey to NULL, but ${target.entityName}'s column is not nullable")
        }
        return OneToMany(this, target, foreignKey, referenced, holder, onDelete).also { relations += it }
    }

    /**
     * A many-to-many relation through [link], whose [sourceLink] references this table and [targetLink] references
     * [target]'s; loaded into [holder]. Deleting one of these entities deletes its link rows.
     */
    public fun <T : Any> manyToMany(
        target: EntityMapping<T, *>,
        link: Table,
        sourceLink: Column<*>,
        targetLink: Column<*>,
        holder: PropertyReader<E, Related<List<T>>>,
    ): ManyToMany<E, T> {
        val name = "$entityName.manyToMany(${target.entityName})"
        val sourceReferenced = referencedColumn(sourceLink, link, table, name)
        val targetReferenced = referencedColumn(targetLink, link, target.table, name)
        if (keyColumns != listOf(sourceReferenced)) {
            throw InvalidMappingException("$name: $sourceLink must reference $entityName's single-column id, not $sourceReferenced")
        }
        return ManyToMany(this, target, link, sourceLink, sourceReferenced, targetLink, targetReferenced, holder).also { relations += it }
    }

    private fun mayHoldContainer(type: PgType<*>): Boolean {
        if (type !is BuiltinType<*>) return true
        val valueClass = type.valueClass
        return valueClass == ByteArray::class.java || List::class.java.isAssignableFrom(valueClass) || Map::class.java.isAssignableFrom(valueClass)
    }

    internal fun valuesOf(entity: E): Array<Any?> = codec.valuesOf(entity)

    internal fun valueOf(entity: E, index: Int): Any? = codec.valueOf(entity, index)

    internal fun indexOf(column: Column<*>): Int = columns.indexOf(column)

    internal fun fromRow(row: ResultRow): E = codec.create(row)

    /** The entity whose column values (in [columns] order) are [values], built by the declared factory. */
    internal fun fromValues(values: Array<Any?>): E = codec.create(ResultRow(exprs, values))

    internal fun keyOf(values: Array<Any?>): List<Any?> = keyIndexes.map { values[it] }

    /** The key of [values] as the identity map holds it: the value of a single-column key, else [keyOf]. */
    internal fun identityOf(values: Array<Any?>): Any? = if (keyIndexes.size == 1) values[keyIndexes[0]] else keyOf(values)

    internal fun keyOfId(id: ID): List<Any?> {
        val values = idValues(id)
        if (values.size != keyColumns.size) {
            throw InvalidMappingException("$entityName's id gave ${values.size} values for the key columns $keyColumns")
        }
        return values
    }

    internal fun describe(values: Array<Any?>): String = "$entityName${keyOf(values)}"

    override fun toString(): String = "EntityMapping($entityName -> ${table.tableName})"

    /** Building mappings from Java. */
    public companion object {
        /** The mapping of [entityClass] to [table] that [body] declares (Java: `EntityMapping.of(BOOKS, Book.class, m -> …)`). */
        @JvmStatic
        public fun <E : Any, ID : Any> of(table: Table, entityClass: Class<E>, body: Consumer<EntityMappingBuilder<E, ID>>): EntityMapping<E, ID> =
            EntityMappingBuilder<E, ID>(table, entityClass.simpleName).also { body.accept(it) }.build()
    }
}

/**
 * The mapping of [E] to [table] that [body] declares, checked now:
 * ```
 * val BookMapping = entity<Book, Int>(Books) {
 *     generatedId(Books.id, Book::id)
 *     column(Books.title, Book::title)
 *     construct { row -> Book(row[Books.id], row[Books.title]) }
 * }
 * ```
 */
public inline fun <reified E : Any, ID : Any> entity(table: Table, noinline body: EntityMappingBuilder<E, ID>.() -> Unit): EntityMapping<E, ID> =
    EntityMapping.of(table, E::class.java) { it.body() }
