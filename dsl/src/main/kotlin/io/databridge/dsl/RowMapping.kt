package io.databridge.dsl

import kotlinx.serialization.DeserializationStrategy
import kotlinx.serialization.ExperimentalSerializationApi
import kotlinx.serialization.KSerializer
import kotlinx.serialization.descriptors.PrimitiveKind
import kotlinx.serialization.descriptors.SerialDescriptor
import kotlinx.serialization.descriptors.SerialKind
import kotlinx.serialization.encoding.AbstractDecoder
import kotlinx.serialization.encoding.CompositeDecoder
import kotlinx.serialization.modules.EmptySerializersModule
import kotlinx.serialization.modules.SerializersModule
import kotlinx.serialization.serializer

/**
 * Rows of this query mapped to the `@Serializable` class [T] by property name: each property takes the selected
 * column of the same name (or the expression aliased so); a property with a default may have no column. Uses the
 * compile-time serializer (the kotlinx-serialization compiler plugin), no reflection. What a property needs:
 * - nothing for Kotlin's own types: `Int`, `Long`, `Short`, `Double`, `Float`, `Boolean`, `String`, `ByteArray`,
 *   `List<…>` (arrays), enums (from an enum column or a text column holding the constant's name), `JsonElement`,
 *   and `@Serializable` classes (`json<T>`/`jsonb<T>` columns);
 * - `@Contextual` for JVM types: `BigDecimal` (numeric), `UUID`, `LocalDate`, `LocalDateTime`, `OffsetDateTime`,
 *   `LocalTime`, `OffsetTime`, ranges (`PgRange<T>`) and the engine's other value classes; the value the column
 *   decoded is handed over as it is, no serializer module is needed.
 * Nullable properties take SQL NULL; a NULL for a non-null property throws [UnexpectedNullException]. The property's
 * type must be the column's Kotlin type (an `int4` column maps to `Int`, not `Long`). Works on select lists of any
 * width (a select of more than 8 expressions reads as [ResultRow]).
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
        // Only a property of a primitive kind (Int, String, Boolean…) is fed through the decode* calls; every other
        // value the row already decoded (BigDecimal, UUID, java.time, enums, lists, ranges, JSON…) is handed over as
        // it is, whatever serializer the property names (`@Contextual`, a custom one or the class's own).
        val descriptor = deserializer.descriptor
        if (value == null) {
            if (descriptor.isNullable) return deserializer.deserialize(this)
            throw UnexpectedNullException("column for ${descriptor.serialName} (element $element) is NULL but the property is not nullable")
        }
        val viaDecoder = descriptor.kind is PrimitiveKind || (descriptor.kind == SerialKind.ENUM && value is String)
        return if (viaDecoder) deserializer.deserialize(this) else value as T
    }

    /** An enum property read from a text column: the constant whose serial name is the text. */
    override fun decodeEnum(enumDescriptor: SerialDescriptor): Int {
        val label = decodeValue() as String
        val index = enumDescriptor.getElementIndex(label)
        if (index == CompositeDecoder.UNKNOWN_NAME) throw InvalidQueryException("$label is not a constant of ${enumDescriptor.serialName}")
        return index
    }
}
