package io.databridge.dsl.entity

import io.databridge.dsl.Column
import io.databridge.dsl.Table
import io.databridge.dsl.entity.serial.SerializerCodec
import kotlinx.serialization.KSerializer
import kotlinx.serialization.serializer

/** Declarations a serializer cannot carry: generated columns, the version column and a composite id's parts. */
public class SerializableEntityOptions<ID : Any> internal constructor() {
    internal val generated = HashSet<Column<*>>()
    internal var version: Column<*>? = null
    internal var idValues: ((ID) -> List<Any?>)? = null

    /** Columns the database supplies when their property is null (identity, serial, DEFAULT). */
    public fun generated(vararg columns: Column<*>) {
        generated += columns
    }

    /** The `int4` or `int8` optimistic-lock column. */
    public fun version(column: Column<*>) {
        version = column
    }

    /** How an id splits into the primary-key columns' values (needed for a composite key only). */
    public fun id(values: (ID) -> List<Any?>) {
        idValues = values
    }
}

/**
 * The mapping of the `@Serializable` class [E] to [table], derived from its compile-time serializer: each property
 * binds the column of the same name or its snake_case form (`authorId` ↔ `author_id`); the id is the table's primary
 * key. Checked now: a column without a property, a property without a column (unless it has a default) and a
 * property whose type cannot hold the column's (`pages: String` for an `int4`, a non-null property for a nullable
 * column) are errors naming both sides. Properties of types like UUID or BigDecimal need `@Contextual`; relation
 * holders need `@Transient`.
 */
public inline fun <reified E : Any, ID : Any> serializableEntity(
    table: Table,
    noinline options: SerializableEntityOptions<ID>.() -> Unit = {},
): EntityMapping<E, ID> = serializableEntity(table, serializer<E>(), options)

/** The mapping of [serializer]'s class to [table]; see the reified overload. */
public fun <E : Any, ID : Any> serializableEntity(
    table: Table,
    serializer: KSerializer<E>,
    options: SerializableEntityOptions<ID>.() -> Unit = {},
): EntityMapping<E, ID> {
    val declared = SerializableEntityOptions<ID>().apply(options)
    val name = serializer.descriptor.serialName.substringAfterLast('.')
    val keys = table.primaryKey.ifEmpty { throw InvalidMappingException("$name: ${table.tableName} declares no primary key to use as the id") }
    val idValues = declared.idValues ?: if (keys.size == 1) {
        { id: ID -> listOf<Any?>(id) }
    } else {
        throw InvalidMappingException("$name: ${table.tableName}'s primary key $keys has several columns; say how an id splits with id { … }")
    }
    declared.version?.let { version ->
        if (version.owner !== table) throw InvalidMappingException("$name: version column $version is not a column of ${table.tableName}")
        if (version.pgType.sqlName != "int4" && version.pgType.sqlName != "int8") {
            throw InvalidMappingException("$name: version column $version is ${version.pgType.sqlName}; it must be int4 or int8")
        }
    }
    declared.generated.forEach { if (it.owner !== table) throw InvalidMappingException("$name: generated column $it is not a column of ${table.tableName}") }
    return EntityMapping(
        table,
        name,
        SerializerCodec(serializer, table.columns, name),
        BooleanArray(table.columns.size) { table.columns[it] in declared.generated },
        keys,
        idValues,
        declared.version,
    )
}
