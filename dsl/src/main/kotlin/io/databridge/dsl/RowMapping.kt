package io.databridge.dsl

import kotlinx.serialization.DeserializationStrategy
import kotlinx.serialization.ExperimentalSerializationApi
import kotlinx.serialization.KSerializer
import kotlinx.serialization.descriptors.SerialDescriptor
import kotlinx.serialization.encoding.AbstractDecoder
import kotlinx.serialization.encoding.CompositeDecoder
import kotlinx.serialization.modules.EmptySerializersModule
import kotlinx.serialization.modules.SerializersModule
import kotlinx.serialization.serializer

/**
 * Rows of this query mapped to the `@Serializable` class [T] by property name: each property takes the selected
 * column of the same name (or the expression aliased so). Uses the compile-time serializer, no reflection;
 * properties of non-primitive types (UUID, BigDecimal, java.time…) need `@Contextual` and receive the decoded value.
 */
public inline fun <reified T> Query<ResultRow>.mapTo(): Query<T> = mapTo(serializer<T>())

/** Rows of this query mapped to [T] through [serializer]; see the reified overload. */
@OptIn(ExperimentalSerializationApi::class)
public fun <T> Query<ResultRow>.mapTo(serializer: KSerializer<T>): Query<T> {
    val exprs = shape.exprs
    val names = exprs.map(::outputName)
    val descriptor = serializer.descriptor
    val slots = IntArray(descriptor.elementsCount) { i ->
        val at = names.indexOf(descriptor.getElementName(i))
        if (at < 0 && !descriptor.isElementOptional(i)) {
            throw InvalidQueryException("${descriptor.serialName}.${descriptor.getElementName(i)} has no selected column of that name")
        }
        at
    }
    return Query(statement, MappedShape(exprs, serializer, slots))
}

private fun outputName(expr: Expr<*>): String? = when (expr) {
    is Column<*> -> expr.name
    is Aliased<*> -> expr.alias
    else -> null
}

internal class MappedShape<T>(
    override val exprs: List<Expr<*>>,
    private val serializer: KSerializer<T>,
    private val slots: IntArray,
) : ResultShape<T> {
    private val rows = RowShape(exprs)

    override fun decode(reader: RowReader): T {
        val values = rows.decode(reader)
        return serializer.deserialize(RowDecoder(slots, values))
    }
}

/** Feeds one row's already-decoded values to a generated deserializer, element by element. */
@OptIn(ExperimentalSerializationApi::class)
internal class RowDecoder(private val slots: IntArray, private val row: ResultRow) : AbstractDecoder() {
    private var element = -1

    override val serializersModule: SerializersModule = EmptySerializersModule()

    override fun decodeElementIndex(descriptor: SerialDescriptor): Int {
        while (++element < slots.size) {
            if (slots[element] >= 0) return element
        }
        return CompositeDecoder.DECODE_DONE
    }

    private fun current(): Any? = row.valueAt(slots[element])

    override fun decodeNotNullMark(): Boolean = current() != null
    override fun decodeValue(): Any = current() ?: throw UnexpectedNullException("column for element $element is NULL")

    @Suppress("UNCHECKED_CAST")
    override fun <T> decodeSerializableValue(deserializer: DeserializationStrategy<T>, previousValue: T?): T {
        if (element < 0) return deserializer.deserialize(this)
        val value = current()
        // Values the row already decoded (UUID, BigDecimal, enums, lists, JSON…) are handed over as they are.
        return if (value == null || value is String || value is Number || value is Boolean || value is Char) {
            deserializer.deserialize(this)
        } else {
            value as T
        }
    }
}
