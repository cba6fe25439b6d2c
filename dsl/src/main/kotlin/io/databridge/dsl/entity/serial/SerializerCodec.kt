package io.databridge.dsl.entity.serial

import io.databridge.dsl.Column
import io.databridge.dsl.ResultRow
import io.databridge.dsl.RowDecoder
import io.databridge.dsl.entity.EntityCodec
import io.databridge.dsl.entity.InvalidMappingException
import kotlinx.serialization.ExperimentalSerializationApi
import kotlinx.serialization.KSerializer

/**
 * Reads and builds entities through their generated serializer: [ValuesEncoder] collects the property values into
 * column slots, the DSL's row decoder feeds a row's values back. The property ↔ column binding and its type check
 * happen once, here.
 */
@OptIn(ExperimentalSerializationApi::class)
internal class SerializerCodec<E>(private val serializer: KSerializer<E>, private val columns: List<Column<*>>, entityName: String) : EntityCodec<E> {
    private val columnOfElement: IntArray
    private val elementOfColumn: IntArray

    init {
        val descriptor = serializer.descriptor
        columnOfElement = IntArray(descriptor.elementsCount) { element ->
            val property = descriptor.getElementName(element)
            val at = columns.indexOfFirst { it.name == property || it.name == snakeCase(property) }
            if (at < 0 && !descriptor.isElementOptional(element)) {
                throw InvalidMappingException("$entityName.$property has no column in ${columns.firstOrNull()?.owner?.qualifier}")
            }
            if (at >= 0) ElementTypes.check(entityName, property, descriptor.getElementDescriptor(element), columns[at])
            at
        }
        elementOfColumn = IntArray(columns.size) { column -> columnOfElement.indexOf(column) }
        val unbound = columns.filterIndexed { i, _ -> elementOfColumn[i] < 0 }
        if (unbound.isNotEmpty()) throw InvalidMappingException("$entityName has no property for column ${unbound.joinToString()}")
    }

    override fun valuesOf(entity: E): Array<Any?> {
        val values = arrayOfNulls<Any?>(columns.size)
        serializer.serialize(ValuesEncoder(columnOfElement, values), entity)
        return values
    }

    override fun valueOf(entity: E, index: Int): Any? = valuesOf(entity)[index]

    override fun create(row: ResultRow): E = serializer.deserialize(RowDecoder(columnOfElement, row))

    private fun snakeCase(name: String): String = buildString {
        for (c in name) if (c.isUpperCase()) append('_').append(c.lowercaseChar()) else append(c)
    }
}
