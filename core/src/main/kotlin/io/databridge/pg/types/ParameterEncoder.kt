package io.databridge.pg.types

import io.databridge.pg.errors.ValueEncodingException
import io.databridge.pg.protocol.ByteWriter
import io.databridge.pg.protocol.UnpairedSurrogateException
import kotlinx.serialization.json.JsonElement
import java.math.BigDecimal
import java.math.BigInteger
import java.net.InetAddress
import java.time.Duration
import java.time.Instant
import java.time.LocalDate
import java.time.LocalDateTime
import java.time.LocalTime
import java.time.OffsetDateTime
import java.time.OffsetTime
import java.time.Period
import java.time.ZoneOffset
import java.time.ZonedDateTime
import java.util.UUID

/** How one parameter was bound: the OID to declare in Parse (0 = let the server infer) and the Bind format. */
public data class BoundParameter(public val oid: Int, public val format: Format)

/**
 * Turns Kotlin/Java parameter values into Bind message values: chooses the codec (from the server's parameter type
 * when known, else from the value's class), converts the value to what the codec takes (with range checks) and
 * writes the int32 length and the bytes. Every value that cannot be represented fails with a
 * [ValueEncodingException] naming the 1-based parameter index, before anything is sent.
 *
 * Inference without a target OID: Int → int4, Long → int8, Short/Byte → int2, Double → float8, Float → float4,
 * BigDecimal/BigInteger → numeric, Boolean → bool, ByteArray → bytea, UUID → uuid, LocalDate → date,
 * LocalTime → time, OffsetTime → timetz, LocalDateTime → timestamp, OffsetDateTime/Instant/ZonedDateTime →
 * timestamptz, Duration/Period/PgInterval → interval, JsonElement/PgJson → jsonb, the `Pg*` value classes → their
 * types; String, Char and enum constants are sent as text with OID 0 so the server infers the type from context.
 * Other classes use [TypeRegistry.codecForClass]. Lists, object arrays and primitive arrays are bound through the
 * array codec registered under the element type's `typarray` OID (see [resolveArray]).
 */
public class ParameterEncoder(private val registry: TypeRegistry) {
    /**
     * The codec that will encode [value] for parameter [index], given the server's type [targetOid] (0 when unknown).
     * Null for a null value (sent as SQL NULL with OID 0).
     */
    public fun resolve(index: Int, value: Any?, targetOid: Int = 0): PgCodec<*>? {
        if (value == null) return null
        if (targetOid != 0) {
            return registry.codecFor(targetOid)
                ?: if (value is CharSequence || value is Char || value is Enum<*>) TextFallbackCodec.forOid(targetOid)
                else throw ValueEncodingException(index, "no codec for type OID $targetOid to convert a ${value.javaClass.name} to")
        }
        return inferred(value) ?: (if (isArray(value)) resolveArray(index, value) else null)
            ?: registry.codecForClass(value.javaClass)
            ?: throw ValueEncodingException(index, "no codec binds ${value.javaClass.name}; register one or pass a supported type")
    }

    /**
     * Writes parameter [index] as a Bind value: int32 length (-1 for null) then the bytes in [codec]'s preferred format.
     * On failure the bytes already written after the length placeholder are garbage: the caller discards the message.
     */
    public fun write(index: Int, value: Any?, codec: PgCodec<*>?, out: ByteWriter, context: CodecContext) {
        if (value == null) {
            out.writeInt(-1)
            return
        }
        if (codec == null) throw ValueEncodingException(index, "no codec given for a non-null ${value.javaClass.name}")
        val at = out.reserveInt()
        writeValue(index, value, codec, out, context)
        out.patchInt(at, out.size - at - 4)
    }

    /**
     * Writes the bytes of non-null parameter [index] in [codec]'s preferred format, without the length prefix: for
     * callers that frame the value themselves (a Bind message's [io.databridge.pg.protocol.ParameterWriter]).
     * Failures as in [write].
     */
    public fun writeValue(index: Int, value: Any, codec: PgCodec<*>, out: ByteWriter, context: CodecContext) {
        try {
            @Suppress("UNCHECKED_CAST")
            val typed = codec as PgCodec<Any>
            val converted = convert(index, value, codec)
            if (codec.supportsBinary) typed.encodeBinary(converted, out, context) else typed.encodeText(converted, out, context)
        } catch (e: ValueEncodingException) {
            throw if (e.parameterIndex == index) e else ValueEncodingException(index, e.reason, e.cause)
        } catch (e: UnpairedSurrogateException) {
            throw ValueEncodingException(index, "${codec.type.name}: ${e.message}", e)
        } catch (e: ArithmeticException) {
            throw ValueEncodingException(index, "${codec.type.name}: ${e.message}", e)
        } catch (e: java.time.DateTimeException) {
            // java.time messages quote the value; keep values out of exception messages.
            throw ValueEncodingException(index, "${codec.type.name}: date/time out of range", e)
        }
    }

    /** [resolve] then [write]; returns the OID and format to put in Parse and Bind. */
    public fun bind(index: Int, value: Any?, targetOid: Int, out: ByteWriter, context: CodecContext): BoundParameter {
        val codec = resolve(index, value, targetOid)
        write(index, value, codec, out, context)
        return if (codec == null) NULL else BoundParameter(codec.type.oid, if (codec.supportsBinary) Format.BINARY else Format.TEXT)
    }

    /**
     * [value] converted to what [codec] encodes, with range checks: integers narrowed only when they fit, strings
     * only into string types, `Instant`/`ZonedDateTime` into timestamptz, `Duration`/`Period` into interval, …
     * Collections and arrays pass through unchanged for array codecs, which may call this for their elements.
     */
    public fun convert(index: Int, value: Any, codec: PgCodec<*>): Any {
        // Codecs check the values of their own class (oid range, numeric limits, NUL bytes, date range), so an exact
        // match needs no conversion and allocates nothing.
        if (codec.valueClass.isInstance(value)) return value
        val type = codec.type
        fun fail(): Nothing = throw ValueEncodingException(index, "a ${value.javaClass.name} cannot be bound to ${type.name}")
        return when (type.oid) {
            Oids.INT2 -> integral(index, value, type, Short.MIN_VALUE.toLong(), Short.MAX_VALUE.toLong())?.toShort() ?: fail()
            Oids.INT4 -> integral(index, value, type, Int.MIN_VALUE.toLong(), Int.MAX_VALUE.toLong())?.toInt() ?: fail()
            Oids.INT8 -> integral(index, value, type, Long.MIN_VALUE, Long.MAX_VALUE) ?: fail()
            Oids.OID -> integral(index, value, type, 0, 0xFFFFFFFFL) ?: fail()
            Oids.FLOAT4 -> when (value) {
                is Float -> value
                is Double -> value.toFloat().also {
                    if (it.isInfinite() && !value.isInfinite()) throw ValueEncodingException(index, "float4: out of range")
                }
                is Number -> value.toFloat()
                else -> fail()
            }
            Oids.FLOAT8 -> (value as? Number)?.toDouble() ?: fail()
            Oids.NUMERIC -> value as? Number ?: fail()
            Oids.MONEY -> when (value) {
                is BigDecimal -> value
                is BigInteger -> BigDecimal(value)
                is Long, is Int, is Short, is Byte -> BigDecimal.valueOf((value as Number).toLong())
                else -> fail()
            }
            Oids.CHAR -> when {
                value is Char -> value
                value is CharSequence && value.length == 1 -> value[0]
                else -> fail()
            }
            Oids.TIMESTAMPTZ -> when (value) {
                is OffsetDateTime -> value
                is Instant -> when (value) {
                    Instant.MAX -> OffsetDateTime.MAX
                    Instant.MIN -> OffsetDateTime.MIN
                    else -> value.atOffset(ZoneOffset.UTC)
                }
                is ZonedDateTime -> value.toOffsetDateTime()
                else -> fail()
            }
            Oids.INTERVAL -> when (value) {
                is PgInterval -> value
                is Duration -> PgInterval.of(value)
                is Period -> PgInterval.of(value)
                else -> fail()
            }
            Oids.JSON, Oids.JSONB -> when (value) {
                is PgJson -> value
                is JsonElement -> PgJson.of(value)
                is String -> PgJson.raw(value)
                else -> fail()
            }
            Oids.INET, Oids.CIDR -> when (value) {
                is PgInet -> value
                is InetAddress -> PgInet(value)
                else -> fail()
            }
            else -> when {
                codec.valueClass.isInstance(value) -> value
                codec.valueClass == String::class.java && (value is CharSequence || value is Char) -> value.toString()
                codec.valueClass == String::class.java && value is Enum<*> -> value.name
                isArray(value) -> value
                else -> fail()
            }
        }
    }

    /**
     * The hook for lists and arrays: the codec registered under the `typarray` OID of the element type (inferred from
     * the first non-null element, or from the primitive array class; `text[]` when there is none). The array codec
     * receives the [List]/[Array]/primitive array unchanged.
     */
    public fun resolveArray(index: Int, value: Any): PgCodec<*> {
        val arrayOid = when (value) {
            is IntArray -> Oids.INT4_ARRAY
            is LongArray -> Oids.INT8_ARRAY
            is ShortArray -> Oids.INT2_ARRAY
            is DoubleArray -> Oids.FLOAT8_ARRAY
            is FloatArray -> Oids.FLOAT4_ARRAY
            is BooleanArray -> Oids.BOOL_ARRAY
            is CharArray -> Oids.TEXT_ARRAY
            else -> {
                val elements = when (value) {
                    is PgArray -> value.elements
                    is Array<*> -> value.asIterable()
                    else -> value as Iterable<*>
                }
                val element = elements.firstOrNull { it != null }
                if (element == null) Oids.TEXT_ARRAY
                else {
                    val elementType = resolve(index, element)!!.type
                    // Untyped text (OID 0) elements make a text[]: the server casts it like any other text parameter.
                    if (elementType.oid == 0) Oids.TEXT_ARRAY else elementType.arrayOid
                }
            }
        }
        return registry.codecFor(arrayOid)
            ?: throw ValueEncodingException(index, "no array codec registered for array type OID $arrayOid")
    }

    private fun inferred(value: Any): PgCodec<*>? = when (value) {
        is String, is Char, is Enum<*> -> UNSPECIFIED_TEXT
        is Int -> Int4Codec
        is Long -> Int8Codec
        is Short, is Byte -> Int2Codec
        is Double -> Float8Codec
        is Float -> Float4Codec
        is BigDecimal, is BigInteger -> NumericCodec
        is Boolean -> BoolCodec
        is ByteArray -> ByteaCodec
        is UUID -> UuidCodec
        is LocalDate -> DateCodec
        is LocalTime -> TimeCodec
        is OffsetTime -> TimeTzCodec
        is LocalDateTime -> TimestampCodec
        is OffsetDateTime, is Instant, is ZonedDateTime -> TimestampTzCodec
        is Duration, is Period, is PgInterval -> IntervalCodec
        is JsonElement, is PgJson -> JsonCodec.JSONB
        is PgInet -> InetCodec.INET
        is InetAddress -> InetCodec.INET
        is PgMacAddress -> if (value.size == 6) MacAddressCodec.MACADDR else MacAddressCodec.MACADDR8
        is PgBitString -> BitStringCodec.VARBIT
        is PgPoint -> GeometryCodec.POINT
        is PgLine -> GeometryCodec.LINE
        is PgLineSegment -> GeometryCodec.LSEG
        is PgBox -> GeometryCodec.BOX
        is PgPath -> GeometryCodec.PATH
        is PgPolygon -> GeometryCodec.POLYGON
        is PgCircle -> GeometryCodec.CIRCLE
        else -> null
    }

    private fun isArray(value: Any): Boolean =
        value is Collection<*> || value is PgArray || (value.javaClass.isArray && value !is ByteArray)

    private fun integral(index: Int, value: Any, type: PgTypeIdentity, min: Long, max: Long): Long? {
        val v = when (value) {
            is Long, is Int, is Short, is Byte -> (value as Number).toLong()
            is BigInteger -> if (value.bitLength() < 64) value.toLong() else throw outOfRange(index, type)
            is BigDecimal -> try {
                value.longValueExact()
            } catch (e: ArithmeticException) {
                throw ValueEncodingException(index, "${type.name}: not an integer in range", e)
            }
            else -> return null
        }
        if (v < min || v > max) throw outOfRange(index, type)
        return v
    }

    private fun outOfRange(index: Int, type: PgTypeIdentity) = ValueEncodingException(index, "${type.name}: value out of range")

    private companion object {
        val NULL = BoundParameter(0, Format.BINARY)

        /** Text sent with OID 0: the server infers the type from the statement. */
        val UNSPECIFIED_TEXT: PgCodec<String> = TextFallbackCodec(PgTypeIdentity("unknown", 0))
    }
}
