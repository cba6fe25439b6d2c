package io.databridge.dsl.exec

import io.databridge.dsl.UnexpectedNullException
import io.databridge.dsl.render.BoundParameter
import io.databridge.dsl.types.ArrayType
import io.databridge.dsl.types.BuiltinType
import io.databridge.dsl.types.CompositeType
import io.databridge.dsl.types.CompositeValues
import io.databridge.dsl.types.CustomType
import io.databridge.dsl.types.EnumType
import io.databridge.dsl.types.JsonType
import io.databridge.dsl.types.MultirangeType
import io.databridge.dsl.types.PgType
import io.databridge.dsl.types.RangeType
import io.databridge.dsl.types.VectorType
import io.databridge.dsl.types.requireNoJsonNulEscape
import io.databridge.pg.errors.TypeMismatchException
import io.databridge.pg.types.BuiltinTypes
import io.databridge.pg.types.Oids
import io.databridge.pg.types.PgComposite
import io.databridge.pg.types.PgJson
import io.databridge.pg.types.PgVector
import io.databridge.pg.types.TimestampTzCodec
import java.math.BigDecimal
import java.time.OffsetDateTime
import kotlinx.serialization.KSerializer

/**
 * Converts between the DSL's Kotlin values and the values the engine's codecs take and return. Most DSL types
 * already use the engine's classes (numbers, java.time, UUID, core's Pg* value classes) and pass through untouched;
 * only JSON mapped through a serializer, Kotlin enums, user-registered text types, vectors, composites and arrays
 * of those convert.
 */
internal object EngineValues {
    /** The engine value to bind for [parameter]. */
    fun toEngine(parameter: BoundParameter): Any? = parameter.value?.let { toEngine(it, parameter.type) }

    /** Whether [type]'s values go to the engine as they are, so binding them needs no conversion. */
    fun passesThrough(type: PgType<*>): Boolean = when (type) {
        is BuiltinType<*>, is RangeType<*>, is MultirangeType<*> -> true
        is ArrayType<*> -> !converts(type.element)
        else -> false
    }

    /** The engine value to bind for the non-null [value] of [type]. */
    @Suppress("UNCHECKED_CAST")
    fun toEngine(value: Any, type: PgType<*>): Any = when (type) {
        is JsonType<*> -> PgJson.of(value, type.serializer as KSerializer<Any>, type.format).also { if (type.binary) requireNoJsonNulEscape(it.text, type.sqlName) }
        is EnumType<*> -> type.labels[type.constants.indexOf(value)]
        is CustomType<*> -> (type.encode as (Any) -> String)(value)
        is ArrayType<*> -> if (converts(type.element)) (value as List<*>).map { it?.let { e -> toEngine(e, type.element) } } else value
        is VectorType -> PgVector(value as FloatArray)
        is CompositeType<*> -> PgComposite((type as CompositeType<Any>).attributes.map { a -> a.read(value)?.let { toEngine(it, a.type) } })
        is BuiltinType<*>, is RangeType<*>, is MultirangeType<*> -> value
    }

    /** [value], as the engine decoded it, converted to [type]'s Kotlin mapping. */
    fun fromEngine(value: Any, type: PgType<*>, column: Int): Any = when (type) {
        is BuiltinType<*> -> {
            // By OID: an int switch, on every value read.
            val converted = when (type.base.oid) {
                Oids.JSON, Oids.JSONB -> (value as? PgJson)?.text ?: value
                Oids.INT4 -> if (value is Short) value.toInt() else value
                Oids.INT8 -> if (value is Int || value is Short) (value as Number).toLong() else value
                Oids.NUMERIC -> if (value is Long || value is Int || value is Short) BigDecimal.valueOf((value as Number).toLong()) else value
                Oids.TIMESTAMPTZ -> if (type.asInstant && value is OffsetDateTime) TimestampTzCodec.instantOf(value) else value
                else -> value
            }
            // A DSL type that disagrees with the column's (a wrong `sql(type, …)` or CAST) fails here, typed, not
            // later as a ClassCastException in the caller's code.
            if (!type.valueClass.isInstance(converted)) mismatch(value, type, column)
            converted
        }
        is JsonType<*> -> when (value) {
            is PgJson -> value.decode(type.serializer, type.format)
            is String -> PgJson.raw(value).decode(type.serializer, type.format)
            else -> mismatch(value, type, column)
        }
        is EnumType<*> -> type.fromLabel(value as? String ?: mismatch(value, type, column))
        is CustomType<*> -> type.decode(value as? String ?: value.toString())
        is ArrayType<*> -> if (converts(type.element)) {
            (value as? List<*> ?: mismatch(value, type, column)).map { it?.let { e -> fromEngine(e, type.element, column) } }
        } else {
            value
        }
        is RangeType<*>, is MultirangeType<*> -> value
        is VectorType -> (value as? PgVector ?: mismatch(value, type, column)).values
        is CompositeType<*> -> composite(value as? PgComposite ?: mismatch(value, type, column), type, column)
    }

    private fun composite(value: PgComposite, type: CompositeType<*>, column: Int): Any {
        val attributes = type.attributes
        if (value.values.size != attributes.size) {
            throw TypeMismatchException("result column ${column + 1} has ${value.values.size} fields, $type declares ${attributes.size}")
        }
        val fields = attributes.map { a ->
            val field = value.values[a.index]
            if (field == null && !a.nullable) throw UnexpectedNullException("field ${a.name} of $type is declared non-null but holds NULL")
            field?.let { fromEngine(it, a.type, column) }
        }
        return type.create(CompositeValues(fields))
    }

    /**
     * The class whose instances [fromEngine] returns unchanged for [type], or null when its values always convert;
     * a reader that checks this first skips the conversion without changing its result.
     */
    fun passThroughClass(type: PgType<*>): Class<*>? = when (type) {
        is BuiltinType<*> -> type.valueClass
        is RangeType<*>, is MultirangeType<*> -> Any::class.java
        is ArrayType<*> -> if (converts(type.element)) null else Any::class.java
        is JsonType<*>, is EnumType<*>, is CustomType<*>, is VectorType, is CompositeType<*> -> null
    }

    private fun converts(type: PgType<*>): Boolean = when (type) {
        is BuiltinType<*> -> type.base == BuiltinTypes.JSON || type.base == BuiltinTypes.JSONB || type.asInstant
        is RangeType<*>, is MultirangeType<*> -> false
        is ArrayType<*> -> converts(type.element)
        is JsonType<*>, is EnumType<*>, is CustomType<*>, is VectorType, is CompositeType<*> -> true
    }

    private fun mismatch(value: Any, type: PgType<*>, column: Int): Nothing =
        throw TypeMismatchException("result column ${column + 1} holds a ${value.javaClass.simpleName}, which cannot be read as $type")
}
