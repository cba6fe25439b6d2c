package io.databridge.pg

import io.databridge.pg.errors.ColumnNotFoundException
import io.databridge.pg.errors.TypeMismatchException
import io.databridge.pg.errors.ValueDecodingException
import io.databridge.pg.protocol.DataRow
import io.databridge.pg.statement.RowPlan
import io.databridge.pg.types.BoolCodec
import io.databridge.pg.types.CodecContext
import io.databridge.pg.types.Float8Codec
import io.databridge.pg.types.Int4Codec
import io.databridge.pg.types.Int8Codec
import io.databridge.pg.types.JsonCodec
import io.databridge.pg.types.PgCodec
import io.databridge.pg.types.PgJson
import io.databridge.pg.types.TimestampTzCodec
import java.math.BigDecimal
import java.math.BigInteger
import java.time.Instant
import java.time.OffsetDateTime
import kotlin.reflect.KClass

/**
 * One row of a result. Values stay as the server sent them and are decoded on access by the column's codec;
 * columns of types the registry does not know are read as text into String.
 *
 * Getters throw [ColumnNotFoundException] for an unknown column, [TypeMismatchException] when the column's type
 * cannot be read as the asked type, and [TypeMismatchException] when a non-null getter meets SQL NULL (use the
 * `…OrNull` variants or `get<T?>`).
 */
public class Row internal constructor(
    private val plan: RowPlan,
    private val data: DataRow,
    private val context: CodecContext,
) {
    init {
        plan.requireFits(data)
    }

    /** The columns of the result this row belongs to. */
    public val columns: List<Column> get() = plan.columns

    /** The number of columns. */
    public val size: Int get() = plan.columns.size

    /** The index of column [name]; throws [ColumnNotFoundException] when there is none. */
    public fun indexOf(name: String): Int {
        val i = plan.indexOf(name)
        if (i < 0) throw ColumnNotFoundException("no column \"$name\" in the result (columns: ${plan.columns.joinToString { it.name }})")
        return i
    }

    /** Whether the value at [index] is SQL NULL. */
    public fun isNull(index: Int): Boolean = data.isNull(checkIndex(index))

    /** Whether the value of column [name] is SQL NULL. */
    public fun isNull(name: String): Boolean = data.isNull(indexOf(name))

    /** The value at [index] as its codec's natural JVM type (String for unknown types), or null for SQL NULL. */
    public fun getObject(index: Int): Any? {
        val i = checkIndex(index)
        val length = data.valueLength(i)
        if (length < 0) return null
        val codec = plan.codecs[i] ?: return data.text(i)
        val offset = data.valueOffset(i)
        return decoding(i) {
            if (plan.formats[i] == 1) codec.decodeBinary(data.array, offset, length, context)
            else codec.decodeText(data.array, offset, length, context)
        }
    }

    /** The value of column [name] as its natural JVM type, or null for SQL NULL. */
    public fun getObject(name: String): Any? = getObject(indexOf(name))

    /** The value at [index] converted to [type], or null for SQL NULL. */
    public fun <T : Any> get(index: Int, type: Class<T>): T? {
        val value = getObject(index) ?: return null
        return convert(value, type, index)
    }

    /** The value of column [name] converted to [type], or null for SQL NULL. */
    public fun <T : Any> get(name: String, type: Class<T>): T? = get(indexOf(name), type)

    /** The value at [index] as [T]; a nullable [T] reads SQL NULL as null, a non-null one throws on NULL. */
    public inline fun <reified T> get(index: Int): T {
        @Suppress("UNCHECKED_CAST")
        val value = get(index, (T::class as KClass<Any>).javaObjectType)
        if (value == null && null !is T) throw nullInNonNullGetter(index)
        return value as T
    }

    /** The value of column [name] as [T]; a nullable [T] reads SQL NULL as null, a non-null one throws on NULL. */
    public inline fun <reified T> get(name: String): T = get(indexOf(name))

    /** The int at [index]; int2 and int4 columns (int8 when the value fits). */
    public fun getInt(index: Int): Int {
        val at = binaryValueAt(index, Int4Codec, 4)
        return if (at >= 0) bigEndianInt(data.array, at) else required(index, Int::class.javaObjectType)
    }

    /** The int of column [name]. */
    public fun getInt(name: String): Int = getInt(indexOf(name))

    /** The int at [index], or null for SQL NULL. */
    public fun getIntOrNull(index: Int): Int? = get(index, Int::class.javaObjectType)

    /** The int of column [name], or null for SQL NULL. */
    public fun getIntOrNull(name: String): Int? = getIntOrNull(indexOf(name))

    /** The long at [index]; int2, int4, int8 (and oid) columns. */
    public fun getLong(index: Int): Long {
        val at = binaryValueAt(index, Int8Codec, 8)
        return if (at >= 0) bigEndianLong(data.array, at) else required(index, Long::class.javaObjectType)
    }

    /** The long of column [name]. */
    public fun getLong(name: String): Long = getLong(indexOf(name))

    /** The long at [index], or null for SQL NULL. */
    public fun getLongOrNull(index: Int): Long? = get(index, Long::class.javaObjectType)

    /** The long of column [name], or null for SQL NULL. */
    public fun getLongOrNull(name: String): Long? = getLongOrNull(indexOf(name))

    /** The text at [index]; text-like columns (text, varchar, name, enums, unknown types) and json/jsonb (their JSON text). */
    public fun getString(index: Int): String = getStringOrNull(index) ?: throw nullInNonNullGetter(index)

    /** The text of column [name]. */
    public fun getString(name: String): String = getString(indexOf(name))

    /** The text at [index], or null for SQL NULL. */
    public fun getStringOrNull(index: Int): String? {
        val i = checkIndex(index)
        val codec = plan.codecs[i]
        // json/jsonb straight to their text, without the PgJson their codec's natural value wraps it in.
        if (codec is JsonCodec && plan.formats[i] == 1) {
            return straight(i) { offset, length -> codec.decodeBinaryText(data.array, offset, length) }
        }
        return get(i, String::class.java)
    }

    /** The text of column [name], or null for SQL NULL. */
    public fun getStringOrNull(name: String): String? = getStringOrNull(indexOf(name))

    /** The boolean at [index]. */
    public fun getBoolean(index: Int): Boolean {
        val at = binaryValueAt(index, BoolCodec, 1)
        return when (if (at >= 0) data.array[at].toInt() else -1) {
            0 -> false
            1 -> true
            else -> required(index, Boolean::class.javaObjectType)
        }
    }

    /** The boolean of column [name]. */
    public fun getBoolean(name: String): Boolean = getBoolean(indexOf(name))

    /** The double at [index]; float4 and float8 columns. */
    public fun getDouble(index: Int): Double {
        val at = binaryValueAt(index, Float8Codec, 8)
        return if (at >= 0) Double.fromBits(bigEndianLong(data.array, at)) else required(index, Double::class.javaObjectType)
    }

    /** The double of column [name]. */
    public fun getDouble(name: String): Double = getDouble(indexOf(name))

    /**
     * The instant at [index]; timestamptz columns, decoded straight to an [Instant] (`infinity` and `-infinity` as
     * [Instant.MAX] and [Instant.MIN]). A `timestamp` without time zone is a type mismatch: it names no instant.
     */
    public fun getInstant(index: Int): Instant = getInstantOrNull(index) ?: throw nullInNonNullGetter(index)

    /** The instant of column [name]. */
    public fun getInstant(name: String): Instant = getInstant(indexOf(name))

    /** The instant at [index], or null for SQL NULL. */
    public fun getInstantOrNull(index: Int): Instant? {
        val i = checkIndex(index)
        if (plan.codecs[i] === TimestampTzCodec && plan.formats[i] == 1) {
            return straight(i) { offset, length -> TimestampTzCodec.decodeInstant(data.array, offset, length) }
        }
        return get(i, Instant::class.java)
    }

    /** The instant of column [name], or null for SQL NULL. */
    public fun getInstantOrNull(name: String): Instant? = getInstantOrNull(indexOf(name))

    /** The decimal at [index]; numeric and integer columns. */
    public fun getBigDecimal(index: Int): BigDecimal = required(index, BigDecimal::class.java)

    /** The decimal of column [name]. */
    public fun getBigDecimal(name: String): BigDecimal = getBigDecimal(indexOf(name))

    /** The values of all columns, decoded; for debugging and generic code. */
    public fun toList(): List<Any?> = List(size) { getObject(it) }

    // Values are user data: print only the shape, like DataRow.
    override fun toString(): String = "Row(${plan.columns.joinToString { it.name }})"

    @PublishedApi
    internal fun nullInNonNullGetter(index: Int): TypeMismatchException =
        TypeMismatchException("column \"${plan.columns[index].name}\" is NULL; read it with a nullable getter")

    private fun <T : Any> required(index: Int, type: Class<T>): T = get(index, type) ?: throw nullInNonNullGetter(index)

    /**
     * Where the value at [index] starts when it is a non-null binary value of the built-in [codec], [width] bytes
     * long, so a primitive getter can read it without boxing; -1 sends the getter down the general path (another
     * codec registered for the type, text format, a wrong length to report). Throws on SQL NULL.
     */
    private fun binaryValueAt(index: Int, codec: PgCodec<*>, width: Int): Int {
        val i = checkIndex(index)
        if (plan.codecs[i] !== codec || plan.formats[i] != 1) return -1
        val length = data.valueLength(i)
        if (length < 0) throw nullInNonNullGetter(i)
        return if (length == width) data.valueOffset(i) else -1
    }

    private fun bigEndianInt(a: ByteArray, p: Int): Int =
        (a[p].toInt() shl 24) or ((a[p + 1].toInt() and 0xff) shl 16) or ((a[p + 2].toInt() and 0xff) shl 8) or (a[p + 3].toInt() and 0xff)

    private fun bigEndianLong(a: ByteArray, p: Int): Long =
        (bigEndianInt(a, p).toLong() shl 32) or (bigEndianInt(a, p + 4).toLong() and 0xffffffffL)

    /** The binary value at [i] decoded by [decode] from its offset and length; null for SQL NULL. */
    private inline fun <R : Any> straight(i: Int, decode: (offset: Int, length: Int) -> R): R? {
        val length = data.valueLength(i)
        if (length < 0) return null
        val offset = data.valueOffset(i)
        return decoding(i) { decode(offset, length) }
    }

    // A codec's failure, named with the column it came from.
    private inline fun <R> decoding(index: Int, decode: () -> R): R = try {
        decode()
    } catch (e: ValueDecodingException) {
        throw e
    } catch (e: RuntimeException) {
        throw ValueDecodingException("cannot decode column \"${plan.columns[index].name}\" (${plan.columns[index].typeName}): ${e.message}", e)
    }

    private fun checkIndex(index: Int): Int {
        if (index < 0 || index >= plan.columns.size) {
            throw ColumnNotFoundException("column index $index is out of range: the result has ${plan.columns.size} columns")
        }
        return index
    }

    @Suppress("UNCHECKED_CAST")
    private fun <T : Any> convert(value: Any, type: Class<T>, index: Int): T {
        if (type.isInstance(value)) return value as T
        val converted: Any? = when (type) {
            java.lang.Long::class.java -> when (value) {
                is Int, is Short, is Byte -> (value as Number).toLong()
                else -> null
            }
            java.lang.Integer::class.java -> when (value) {
                is Short, is Byte -> (value as Number).toInt()
                is Long -> if (value in Int.MIN_VALUE..Int.MAX_VALUE) value.toInt() else throw outOfRange(index, "Int")
                else -> null
            }
            java.lang.Double::class.java -> if (value is Float) value.toDouble() else null
            Instant::class.java -> if (value is OffsetDateTime) TimestampTzCodec.instantOf(value) else null
            // json and jsonb as their JSON text, as pgjdbc's getString gives it.
            java.lang.String::class.java -> if (value is PgJson) value.text else null
            BigDecimal::class.java -> when (value) {
                is Long, is Int, is Short, is Byte -> BigDecimal.valueOf((value as Number).toLong())
                is BigInteger -> BigDecimal(value)
                else -> null
            }
            else -> null
        }
        return converted as T? ?: throw TypeMismatchException(
            "column \"${plan.columns[index].name}\" of type ${plan.columns[index].typeName} cannot be read as ${type.simpleName}",
        )
    }

    private fun outOfRange(index: Int, target: String) =
        TypeMismatchException("column \"${plan.columns[index].name}\" holds a value outside the $target range")
}
