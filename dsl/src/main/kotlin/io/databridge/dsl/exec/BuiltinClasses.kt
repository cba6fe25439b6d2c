package io.databridge.dsl.exec

import io.databridge.dsl.types.HSTORE
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
import io.databridge.pg.types.PgTypeIdentity
import java.math.BigDecimal
import java.time.LocalDate
import java.time.LocalDateTime
import java.time.LocalTime
import java.time.OffsetDateTime
import java.time.OffsetTime
import java.util.UUID

/** The JVM class each built-in DSL type maps to (the class the engine's codec decodes to, after [EngineValues]). */
internal object BuiltinClasses {
    /** The class of [type], one of core's [BuiltinTypes] or [HSTORE]. */
    fun of(type: PgTypeIdentity): Class<*> = when (type) {
        BuiltinTypes.BOOL -> Boolean::class.javaObjectType
        BuiltinTypes.BYTEA -> ByteArray::class.java
        BuiltinTypes.CHAR -> Char::class.javaObjectType
        BuiltinTypes.INT2 -> Short::class.javaObjectType
        BuiltinTypes.INT4 -> Int::class.javaObjectType
        BuiltinTypes.INT8, BuiltinTypes.OID -> Long::class.javaObjectType
        BuiltinTypes.FLOAT4 -> Float::class.javaObjectType
        BuiltinTypes.FLOAT8 -> Double::class.javaObjectType
        BuiltinTypes.NUMERIC, BuiltinTypes.MONEY -> BigDecimal::class.java
        BuiltinTypes.NAME, BuiltinTypes.TEXT, BuiltinTypes.VARCHAR, BuiltinTypes.BPCHAR, BuiltinTypes.JSON, BuiltinTypes.JSONB,
        BuiltinTypes.XML, BuiltinTypes.TSVECTOR, BuiltinTypes.TSQUERY -> String::class.java
        BuiltinTypes.UUID -> UUID::class.java
        BuiltinTypes.DATE -> LocalDate::class.java
        BuiltinTypes.TIME -> LocalTime::class.java
        BuiltinTypes.TIMETZ -> OffsetTime::class.java
        BuiltinTypes.TIMESTAMP -> LocalDateTime::class.java
        BuiltinTypes.TIMESTAMPTZ -> OffsetDateTime::class.java
        BuiltinTypes.INTERVAL -> PgInterval::class.java
        BuiltinTypes.INET, BuiltinTypes.CIDR -> PgInet::class.java
        BuiltinTypes.MACADDR, BuiltinTypes.MACADDR8 -> PgMacAddress::class.java
        BuiltinTypes.BIT, BuiltinTypes.VARBIT -> PgBitString::class.java
        BuiltinTypes.POINT -> PgPoint::class.java
        BuiltinTypes.LINE -> PgLine::class.java
        BuiltinTypes.LSEG -> PgLineSegment::class.java
        BuiltinTypes.BOX -> PgBox::class.java
        BuiltinTypes.PATH -> PgPath::class.java
        BuiltinTypes.POLYGON -> PgPolygon::class.java
        BuiltinTypes.CIRCLE -> PgCircle::class.java
        HSTORE -> Map::class.java
        else -> throw IllegalArgumentException("${type.name} is not a built-in type of the DSL")
    }
}
