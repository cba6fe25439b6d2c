package io.databridge.dsl.types

import io.databridge.dsl.InvalidParameterException
import io.databridge.dsl.InvalidQueryException
import io.databridge.dsl.requireIdentifier
import io.databridge.pg.identifiers.Identifiers
import kotlinx.serialization.KSerializer
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.serializer
import io.databridge.pg.types.BuiltinTypes
import io.databridge.pg.types.PgBitString
import io.databridge.pg.types.PgBox
import io.databridge.pg.types.PgCircle
import io.databridge.pg.types.PgInet
import io.databridge.pg.types.PgInterval
import io.databridge.pg.types.PgLine
import io.databridge.pg.types.PgLineSegment
import io.databridge.pg.types.PgMacAddress
import io.databridge.pg.types.PgPath
import io.databridge.pg.types.PgPoint
import io.databridge.pg.types.PgPolygon
import io.databridge.pg.types.PgRange
import java.math.BigDecimal
import java.time.Instant
import java.time.LocalDate
import java.time.LocalDateTime
import java.time.LocalTime
import java.time.OffsetDateTime
import java.time.OffsetTime
import java.util.UUID
import kotlin.reflect.KClass

/**
 * Every PostgreSQL type the DSL knows, with its Kotlin mapping; the built-in scalars are core's [BuiltinTypes], each with
 * the class its engine codec decodes to. Network addresses, bit strings, geometry, intervals
 * and ranges map to core's value classes (`io.databridge.pg.types.Pg*`), so values pass to and from the engine as
 * they are; text search types and xml map to their text form.
 */
public object PgTypes {
    /** `bool` ↔ Boolean. */
    @JvmField
    public val bool: PgType<Boolean> = BuiltinType(BuiltinTypes.BOOL)
    /** `bytea` ↔ ByteArray. */
    @JvmField
    public val bytea: PgType<ByteArray> = BuiltinType(BuiltinTypes.BYTEA)
    /** `"char"` (one byte) ↔ Char in U+0000..U+007F. */
    @JvmField
    public val char: PgType<Char> = BuiltinType("\"char\"", BuiltinTypes.CHAR)
    /** `name` ↔ String. */
    @JvmField
    public val name: PgType<String> = BuiltinType(BuiltinTypes.NAME)
    /** `int2` ↔ Short. */
    @JvmField
    public val int2: PgType<Short> = BuiltinType(BuiltinTypes.INT2)
    /** `int4` ↔ Int. */
    @JvmField
    public val int4: PgType<Int> = BuiltinType(BuiltinTypes.INT4)
    /** `int8` ↔ Long. */
    @JvmField
    public val int8: PgType<Long> = BuiltinType(BuiltinTypes.INT8)
    /** `oid` (unsigned 32-bit) ↔ Long in 0..4294967295. */
    @JvmField
    public val oid: PgType<Long> = BuiltinType(BuiltinTypes.OID)
    /** `float4` ↔ Float. */
    @JvmField
    public val float4: PgType<Float> = BuiltinType(BuiltinTypes.FLOAT4)
    /** `float8` ↔ Double. */
    @JvmField
    public val float8: PgType<Double> = BuiltinType(BuiltinTypes.FLOAT8)
    /** Unconstrained `numeric` ↔ BigDecimal. */
    @JvmField
    public val numeric: PgType<BigDecimal> = BuiltinType(BuiltinTypes.NUMERIC)
    /** `text` ↔ String. */
    @JvmField
    public val text: PgType<String> = BuiltinType(BuiltinTypes.TEXT)
    /** Unconstrained `varchar` ↔ String. */
    @JvmField
    public val varchar: PgType<String> = BuiltinType(BuiltinTypes.VARCHAR)
    /** `uuid` ↔ java.util.UUID. */
    @JvmField
    public val uuid: PgType<UUID> = BuiltinType(BuiltinTypes.UUID)
    /** `date` ↔ LocalDate. */
    @JvmField
    public val date: PgType<LocalDate> = BuiltinType(BuiltinTypes.DATE)
    /** `time` ↔ LocalTime. */
    @JvmField
    public val time: PgType<LocalTime> = BuiltinType(BuiltinTypes.TIME)
    /** `timetz` ↔ OffsetTime. */
    @JvmField
    public val timetz: PgType<OffsetTime> = BuiltinType(BuiltinTypes.TIMETZ)
    /** `timestamp` ↔ LocalDateTime. */
    @JvmField
    public val timestamp: PgType<LocalDateTime> = BuiltinType(BuiltinTypes.TIMESTAMP)
    /** `timestamptz` ↔ OffsetDateTime. */
    @JvmField
    public val timestamptz: PgType<OffsetDateTime> = BuiltinType(BuiltinTypes.TIMESTAMPTZ)
    /**
     * `timestamptz` ↔ Instant: the same column type, read and written as the instant it names (`infinity` and
     * `-infinity` as [Instant.MAX] and [Instant.MIN]).
     */
    @JvmField
    public val instant: PgType<Instant> = BuiltinType(BuiltinTypes.TIMESTAMPTZ.name, BuiltinTypes.TIMESTAMPTZ, asInstant = true)
    /** `interval` ↔ core's [PgInterval] (months, days and microseconds kept apart). */
    @JvmField
    public val interval: PgType<PgInterval> = BuiltinType(BuiltinTypes.INTERVAL)
    /** `json` as raw text. */
    @JvmField
    public val json: PgType<String> = BuiltinType(BuiltinTypes.JSON)
    /** `jsonb` as raw text. */
    @JvmField
    public val jsonb: PgType<String> = BuiltinType(BuiltinTypes.JSONB)
    /** `json` ↔ kotlinx-serialization JsonElement. */
    @JvmField
    public val jsonElement: PgType<JsonElement> = JsonType(false, JsonElement.serializer())
    /** `jsonb` ↔ kotlinx-serialization JsonElement. */
    @JvmField
    public val jsonbElement: PgType<JsonElement> = JsonType(true, JsonElement.serializer())
    /** `inet` ↔ core's [PgInet]. */
    @JvmField
    public val inet: PgType<PgInet> = BuiltinType(BuiltinTypes.INET)
    /** `cidr` ↔ core's [PgInet]. */
    @JvmField
    public val cidr: PgType<PgInet> = BuiltinType(BuiltinTypes.CIDR)
    /** `macaddr` ↔ core's [PgMacAddress]. */
    @JvmField
    public val macaddr: PgType<PgMacAddress> = BuiltinType(BuiltinTypes.MACADDR)
    /** `macaddr8` ↔ core's [PgMacAddress]. */
    @JvmField
    public val macaddr8: PgType<PgMacAddress> = BuiltinType(BuiltinTypes.MACADDR8)
    /** `money` ↔ BigDecimal (the amount, without currency symbol). */
    @JvmField
    public val money: PgType<BigDecimal> = BuiltinType(BuiltinTypes.MONEY)
    /** Unconstrained `varbit` ↔ core's [PgBitString]. */
    @JvmField
    public val varbit: PgType<PgBitString> = BuiltinType(BuiltinTypes.VARBIT)
    /** `point` ↔ core's [PgPoint]. */
    @JvmField
    public val point: PgType<PgPoint> = BuiltinType(BuiltinTypes.POINT)
    /** `line` ↔ core's [PgLine]. */
    @JvmField
    public val line: PgType<PgLine> = BuiltinType(BuiltinTypes.LINE)
    /** `lseg` ↔ core's [PgLineSegment]. */
    @JvmField
    public val lseg: PgType<PgLineSegment> = BuiltinType(BuiltinTypes.LSEG)
    /** `box` ↔ core's [PgBox]. */
    @JvmField
    public val box: PgType<PgBox> = BuiltinType(BuiltinTypes.BOX)
    /** `path` ↔ core's [PgPath]. */
    @JvmField
    public val path: PgType<PgPath> = BuiltinType(BuiltinTypes.PATH)
    /** `polygon` ↔ core's [PgPolygon]. */
    @JvmField
    public val polygon: PgType<PgPolygon> = BuiltinType(BuiltinTypes.POLYGON)
    /** `circle` ↔ core's [PgCircle]. */
    @JvmField
    public val circle: PgType<PgCircle> = BuiltinType(BuiltinTypes.CIRCLE)
    /** `xml` ↔ String. */
    @JvmField
    public val xml: PgType<String> = BuiltinType(BuiltinTypes.XML)
    /** `tsvector` ↔ its text form. */
    @JvmField
    public val tsvector: PgType<String> = BuiltinType(BuiltinTypes.TSVECTOR)
    /** `tsquery` ↔ its text form. */
    @JvmField
    public val tsquery: PgType<String> = BuiltinType(BuiltinTypes.TSQUERY)
    /** `hstore` (extension) ↔ Map with nullable values. */
    @JvmField
    public val hstore: PgType<Map<String, String?>> = BuiltinType(HSTORE)
    /** `int4range` ↔ PgRange<Int>. */
    @JvmField
    public val int4range: PgType<PgRange<Int>> = RangeType("int4range", int4)
    /** `int8range` ↔ PgRange<Long>. */
    @JvmField
    public val int8range: PgType<PgRange<Long>> = RangeType("int8range", int8)
    /** `numrange` ↔ PgRange<BigDecimal>. */
    @JvmField
    public val numrange: PgType<PgRange<BigDecimal>> = RangeType("numrange", numeric)
    /** `daterange` ↔ PgRange<LocalDate>. */
    @JvmField
    public val daterange: PgType<PgRange<LocalDate>> = RangeType("daterange", date)
    /** `tsrange` ↔ PgRange<LocalDateTime>. */
    @JvmField
    public val tsrange: PgType<PgRange<LocalDateTime>> = RangeType("tsrange", timestamp)
    /** `tstzrange` ↔ PgRange<OffsetDateTime>. */
    @JvmField
    public val tstzrange: PgType<PgRange<OffsetDateTime>> = RangeType("tstzrange", timestamptz)

    /** `int4multirange` ↔ a list of PgRange<Int>. */
    @JvmField
    public val int4multirange: PgType<List<PgRange<Int>>> = MultirangeType("int4multirange", int4range as RangeType<Int>)
    /** `int8multirange` ↔ a list of PgRange<Long>. */
    @JvmField
    public val int8multirange: PgType<List<PgRange<Long>>> = MultirangeType("int8multirange", int8range as RangeType<Long>)
    /** `nummultirange` ↔ a list of PgRange<BigDecimal>. */
    @JvmField
    public val nummultirange: PgType<List<PgRange<BigDecimal>>> = MultirangeType("nummultirange", numrange as RangeType<BigDecimal>)
    /** `datemultirange` ↔ a list of PgRange<LocalDate>. */
    @JvmField
    public val datemultirange: PgType<List<PgRange<LocalDate>>> = MultirangeType("datemultirange", daterange as RangeType<LocalDate>)
    /** `tsmultirange` ↔ a list of PgRange<LocalDateTime>. */
    @JvmField
    public val tsmultirange: PgType<List<PgRange<LocalDateTime>>> = MultirangeType("tsmultirange", tsrange as RangeType<LocalDateTime>)
    /** `tstzmultirange` ↔ a list of PgRange<OffsetDateTime>. */
    @JvmField
    public val tstzmultirange: PgType<List<PgRange<OffsetDateTime>>> =
        MultirangeType("tstzmultirange", tstzrange as RangeType<OffsetDateTime>)

    /** `numeric(precision, scale)` ↔ BigDecimal. */
    @JvmStatic
    public fun numeric(precision: Int, scale: Int = 0): PgType<BigDecimal> {
        if (precision !in 1..1000 || scale !in 0..precision) throw InvalidQueryException("numeric($precision, $scale) is not a valid type")
        return BuiltinType("numeric($precision,$scale)", BuiltinTypes.NUMERIC)
    }

    /** `varchar(length)` ↔ String. */
    @JvmStatic
    public fun varchar(length: Int): PgType<String> = BuiltinType("varchar(${positive(length)})", BuiltinTypes.VARCHAR)

    /** `bpchar(length)` (SQL `char(n)`) ↔ String, blank-padded by the server. */
    @JvmStatic
    public fun bpchar(length: Int): PgType<String> = BuiltinType("bpchar(${positive(length)})", BuiltinTypes.BPCHAR)

    /** `bit(length)` ↔ core's [PgBitString]. */
    @JvmStatic
    public fun bit(length: Int): PgType<PgBitString> = BuiltinType("bit(${positive(length)})", BuiltinTypes.BIT)

    /** `varbit(length)` ↔ core's [PgBitString]. */
    @JvmStatic
    public fun varbit(length: Int): PgType<PgBitString> = BuiltinType("varbit(${positive(length)})", BuiltinTypes.VARBIT)

    /** `json` ↔ [T] through [serializer], encoded with [format] ([JsonDefaults.json] when null). */
    @JvmStatic
    @JvmOverloads
    public fun <T : Any> json(serializer: KSerializer<T>, format: Json? = null): PgType<T> = JsonType(false, serializer, format)

    /** `jsonb` ↔ [T] through [serializer], encoded with [format] ([JsonDefaults.json] when null). */
    @JvmStatic
    @JvmOverloads
    public fun <T : Any> jsonb(serializer: KSerializer<T>, format: Json? = null): PgType<T> = JsonType(true, serializer, format)

    /** `json` ↔ the `@Serializable` type [T] encoded with [format]; the serializer is resolved at compile time. */
    public inline fun <reified T : Any> json(format: Json? = null): PgType<T> = json(serializer<T>(), format)

    /** `jsonb` ↔ the `@Serializable` type [T] encoded with [format]; the serializer is resolved at compile time. */
    public inline fun <reified T : Any> jsonb(format: Json? = null): PgType<T> = jsonb(serializer<T>(), format)

    /** An array of [element] whose elements are never null. */
    @JvmStatic
    public fun <E : Any> array(element: PgType<E>): PgType<List<E>> = ArrayType(element, elementsNullable = false)

    /** An array of [element] that may hold NULL elements. */
    @JvmStatic
    public fun <E : Any> arrayOfNullable(element: PgType<E>): PgType<List<E?>> = ArrayType(element, elementsNullable = true)

    /** The PostgreSQL enum type [typeName] mapped to [E], each constant's label given by [label] (its name by default). */
    public inline fun <reified E : Enum<E>> enum(typeName: String, noinline label: (E) -> String = { it.name }): PgType<E> =
        enum(typeName, E::class, enumValues<E>().toList(), label)

    /** The PostgreSQL enum type [typeName] mapped to [constants] of [enumClass]. */
    @JvmStatic
    public fun <E : Enum<E>> enum(typeName: String, enumClass: KClass<E>, constants: List<E>, label: (E) -> String): PgType<E> {
        val labels = constants.map(label)
        labels.forEach { if (it.isEmpty() || it.contains('\u0000')) throw InvalidParameterException("bad enum label for $typeName") }
        return EnumType(requireIdentifier(typeName, "enum type"), enumClass, constants, labels)
    }

    /** A range type [typeName] (for example a user-defined `floatrange`) over [element]. */
    @JvmStatic
    public fun <T : Any> range(typeName: String, element: PgType<T>): PgType<PgRange<T>> =
        RangeType(Identifiers.quote(requireIdentifier(typeName, "range type")), element)

    /** The multirange type [typeName] of a user-defined [range] type (`CREATE TYPE floatrange AS RANGE (…)` makes `floatmultirange`). */
    @JvmStatic
    public fun <T : Any> multirange(typeName: String, range: PgType<PgRange<T>>): PgType<List<PgRange<T>>> {
        val rangeType = range as? RangeType<T> ?: throw InvalidQueryException("$range is not a range type")
        return MultirangeType(Identifiers.quoteValid(requireIdentifier(typeName, "multirange type")), rangeType)
    }

    /** pgvector's `vector(dimensions)` ↔ FloatArray of exactly [dimensions] components (1..16000). */
    @JvmStatic
    public fun vector(dimensions: Int): PgType<FloatArray> {
        if (dimensions !in 1..16_000) throw InvalidQueryException("vector($dimensions): pgvector takes 1..16000 dimensions")
        return VectorType(dimensions)
    }

    /** A user-registered type [typeName] whose values travel as the text [encode] produces and [decode] reads. */
    @JvmStatic
    public fun <T : Any> custom(typeName: String, kotlinClass: KClass<T>, encode: (T) -> String, decode: (String) -> T): PgType<T> =
        CustomType(requireIdentifier(typeName, "type"), kotlinClass, encode, decode)

    private fun positive(n: Int): Int = n.also { if (it !in 1..10_485_760) throw InvalidQueryException("type length $it must be in 1..10485760") }
}
