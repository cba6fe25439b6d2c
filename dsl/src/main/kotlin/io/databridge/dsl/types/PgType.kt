package io.databridge.dsl.types

import io.databridge.dsl.exec.BuiltinClasses
import io.databridge.pg.types.BuiltinTypes
import io.databridge.pg.types.Oids
import io.databridge.pg.types.PgRange
import io.databridge.pg.types.PgTypeIdentity
import java.time.Instant

import io.databridge.dsl.InvalidParameterException
import io.databridge.pg.identifiers.Identifiers
import kotlinx.serialization.KSerializer
import kotlinx.serialization.json.Json
import kotlin.reflect.KClass

/**
 * A PostgreSQL type together with the Kotlin type [T] its values map to. [sqlName] is the exact text used in
 * `CAST(… AS sqlName)` and, later, in DDL. Types compare structurally, so they can be part of a query's shape.
 */
public sealed class PgType<T : Any> {
    /** The type as written in SQL, e.g. `int4`, `varchar(20)`, `"mood"`, `int4[]`. */
    public abstract val sqlName: String

    /**
     * The type a placeholder is cast to: [sqlName] without length or precision modifiers, because an explicit cast
     * to `varchar(3)` or `bit(1)` would silently truncate the value instead of letting the column refuse it.
     */
    internal open val placeholderType: String get() = sqlName.replace(TYPMOD, "")

    /** Refuses a value this type cannot carry before anything is sent (for example a NUL byte in text). */
    public open fun validate(value: Any) {}

    override fun toString(): String = sqlName
}

/**
 * A built-in type (see [PgTypes] for the instances). [base] is its identity in core's list of built-ins
 * ([BuiltinTypes]), whose codec the engine decodes it with; `hstore`, an extension type, is the one exception.
 */
@ConsistentCopyVisibility
public data class BuiltinType<T : Any> internal constructor(
    override val sqlName: String,
    public val base: PgTypeIdentity,
    /** `timestamptz` held as an `Instant` ([PgTypes.instant]) rather than an `OffsetDateTime`: a type of its own. */
    internal val asInstant: Boolean = false,
) : PgType<T>() {
    internal constructor(base: PgTypeIdentity) : this(base.name, base)

    /** Whether values travel as text, which cannot hold a NUL byte. Stored: [validate] runs for every bound value. */
    internal val holdsText: Boolean = base in TEXT_TYPES

    /** Whether this is json or jsonb read as its text, which the engine can hand over without a PgJson around it. */
    internal val jsonText: Boolean = base == BuiltinTypes.JSON || base == BuiltinTypes.JSONB

    /** Whether the engine's row hands this type's value over straight, without its general decoding ([jsonText], [asInstant]). */
    internal val readStraight: Boolean = jsonText || asInstant

    /** The JVM class values of this type arrive as from the engine's codec (after the DSL's conversions). */
    internal val valueClass: Class<*> = if (asInstant) Instant::class.java else BuiltinClasses.of(base)

    // `bit` without a length means bit(1); varbit takes any length and the column still checks its own.
    override val placeholderType: String get() = if (base == BuiltinTypes.BIT) "varbit" else super.placeholderType

    override fun validate(value: Any) {
        if (holdsText) requireNoNul(value, sqlName)
        // By OID, an int switch: this runs for every bound value, where comparing identities (data classes) is not free.
        when (base.oid) {
            Oids.JSONB -> requireNoJsonNulEscape(value as String, sqlName)
            Oids.CHAR -> if ((value as Char).code > 0x7F) {
                throw InvalidParameterException("\"char\" holds one byte; U+%04X does not fit".format(value.code))
            }
            Oids.OID -> if ((value as Long) !in 0..0xFFFF_FFFFL) throw InvalidParameterException("oid $value is outside 0..4294967295")
        }
    }

    override fun toString(): String = sqlName
}

/** `hstore`, an extension type: it has no fixed OID (the engine finds it by name), so core's built-ins leave it out. */
internal val HSTORE: PgTypeIdentity = PgTypeIdentity("hstore", 0)

/** The built-in types whose values are text. */
internal val TEXT_TYPES: Set<PgTypeIdentity> = setOf(
    BuiltinTypes.NAME, BuiltinTypes.TEXT, BuiltinTypes.VARCHAR, BuiltinTypes.BPCHAR, BuiltinTypes.JSON, BuiltinTypes.JSONB,
    BuiltinTypes.XML, BuiltinTypes.TSVECTOR, BuiltinTypes.TSQUERY, HSTORE,
)

/**
 * A PostgreSQL array of [element]; the Kotlin side is a `List`. [elementsNullable] says whether the list may
 * hold nulls (`List<E?>`); PostgreSQL arrays of any dimension are rendered as `element[]`.
 */
@ConsistentCopyVisibility
public data class ArrayType<L : List<*>> internal constructor(val element: PgType<*>, val elementsNullable: Boolean) :
    PgType<L>() {
    override val sqlName: String get() = element.sqlName + "[]"

    override val placeholderType: String get() = element.placeholderType + "[]"

    override fun validate(value: Any) {
        for (e in value as List<*>) {
            if (e == null) {
                if (!elementsNullable) throw InvalidParameterException("null element in a non-null array of ${element.sqlName}")
            } else {
                element.validate(e)
            }
        }
    }

    override fun toString(): String = sqlName
}

/**
 * `json` or `jsonb` mapped to [T] through kotlinx-serialization with [serializer] captured at definition time,
 * so no reflection is needed to encode or decode. [ownFormat] is the column's own configuration, or null to use
 * [JsonDefaults.json] (read at each use, so a default set at start-up applies to tables declared earlier).
 */
public class JsonType<T : Any> internal constructor(
    public val binary: Boolean,
    public val serializer: KSerializer<T>,
    public val ownFormat: Json? = null,
) : PgType<T>() {
    override val sqlName: String get() = if (binary) "jsonb" else "json"

    /** The configuration values of this type are encoded and decoded with. */
    public val format: Json get() = ownFormat ?: JsonDefaults.json

    override fun equals(other: Any?): Boolean =
        other is JsonType<*> && other.binary == binary && other.serializer.descriptor == serializer.descriptor && other.ownFormat === ownFormat

    override fun hashCode(): Int = 31 * binary.hashCode() + serializer.descriptor.hashCode()
}

/**
 * A PostgreSQL enum type [typeName] mapped to the Kotlin enum [enumClass]; [labels] holds each constant's
 * PostgreSQL label by ordinal.
 */
public class EnumType<E : Enum<E>> internal constructor(
    public val typeName: String,
    public val enumClass: KClass<E>,
    public val constants: List<E>,
    public val labels: List<String>,
) : PgType<E>() {
    override val sqlName: String = Identifiers.quote(typeName)

    /** The constant whose PostgreSQL label is [label]. */
    public fun fromLabel(label: String): E = constants[labels.indexOf(label).also {
        if (it < 0) throw InvalidParameterException("$label is not a label of enum $typeName")
    }]

    override fun equals(other: Any?): Boolean =
        other is EnumType<*> && other.typeName == typeName && other.enumClass == enumClass && other.labels == labels

    override fun hashCode(): Int = typeName.hashCode() * 31 + labels.hashCode()
}

/** A range type such as `int4range`, whose bounds are values of [element]. */
@ConsistentCopyVisibility
public data class RangeType<T : Any> internal constructor(override val sqlName: String, val element: PgType<T>) :
    PgType<PgRange<T>>() {
    override fun toString(): String = sqlName
}

/**
 * A type the user registers by name (an extension type, a domain): values travel in PostgreSQL's text form,
 * produced by [encode] and read by [decode]. Equality ignores the functions, so register each type once.
 */
public class CustomType<T : Any> internal constructor(
    public val typeName: String,
    public val kotlinClass: KClass<T>,
    public val encode: (T) -> String,
    public val decode: (String) -> T,
) : PgType<T>() {
    override val sqlName: String = Identifiers.quote(typeName)

    // Values travel as text; the server converts text to the type with the type's own input function.
    override val placeholderType: String get() = "text::$sqlName"

    override fun validate(value: Any) = requireNoNul(encode(kotlinClass.javaObjectType.cast(value)), typeName)

    override fun equals(other: Any?): Boolean =
        other is CustomType<*> && other.typeName == typeName && other.kotlinClass == kotlinClass

    override fun hashCode(): Int = typeName.hashCode() * 31 + kotlinClass.hashCode()
}

private val TYPMOD = Regex("""\(\d+(,\d+)?\)""")

private fun requireNoNul(value: Any, type: String) {
    val text = value as? String ?: return
    val at = text.indexOf('\u0000')
    if (at >= 0) throw InvalidParameterException("a $type value cannot hold a NUL byte (found at index $at)")
}

/**
 * Refuses JSON text holding the escape `\u0000`, which `jsonb` (unlike `json`) cannot store: PostgreSQL would
 * reject it only after the round trip, with a less specific error. An escaped backslash before `u0000` is plain text.
 */
internal fun requireNoJsonNulEscape(json: String, type: String) {
    var i = json.indexOf('\\')
    while (i >= 0 && i + 1 < json.length) {
        if (json.startsWith("u0000", i + 1)) throw InvalidParameterException("a $type value cannot hold a NUL character (\\u0000 at index $i)")
        i = json.indexOf('\\', i + 2)
    }
}
