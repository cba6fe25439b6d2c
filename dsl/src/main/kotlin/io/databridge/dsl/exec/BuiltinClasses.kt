package io.databridge.dsl.exec

import io.databridge.dsl.types.BuiltinKind
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
import java.math.BigDecimal
import java.time.LocalDate
import java.time.LocalDateTime
import java.time.LocalTime
import java.time.OffsetDateTime
import java.time.OffsetTime
import java.util.UUID

/** The JVM class each built-in DSL type maps to (the class the engine's codec decodes to, after [EngineValues]). */
internal object BuiltinClasses {
    private val classes: Array<Class<*>> = Array(BuiltinKind.entries.size) { i -> classOf(BuiltinKind.entries[i]) }

    fun of(kind: BuiltinKind): Class<*> = classes[kind.ordinal]

    private fun classOf(kind: BuiltinKind): Class<*> = when (kind) {
        BuiltinKind.BOOL -> Boolean::class.javaObjectType
        BuiltinKind.BYTEA -> ByteArray::class.java
        BuiltinKind.CHAR -> Char::class.javaObjectType
        BuiltinKind.INT2 -> Short::class.javaObjectType
        BuiltinKind.INT4 -> Int::class.javaObjectType
        BuiltinKind.INT8, BuiltinKind.OID -> Long::class.javaObjectType
        BuiltinKind.FLOAT4 -> Float::class.javaObjectType
        BuiltinKind.FLOAT8 -> Double::class.javaObjectType
        BuiltinKind.NUMERIC, BuiltinKind.MONEY -> BigDecimal::class.java
        BuiltinKind.NAME, BuiltinKind.TEXT, BuiltinKind.VARCHAR, BuiltinKind.BPCHAR, BuiltinKind.JSON, BuiltinKind.JSONB,
        BuiltinKind.XML, BuiltinKind.TSVECTOR, BuiltinKind.TSQUERY -> String::class.java
        BuiltinKind.UUID -> UUID::class.java
        BuiltinKind.DATE -> LocalDate::class.java
        BuiltinKind.TIME -> LocalTime::class.java
        BuiltinKind.TIMETZ -> OffsetTime::class.java
        BuiltinKind.TIMESTAMP -> LocalDateTime::class.java
        BuiltinKind.TIMESTAMPTZ -> OffsetDateTime::class.java
        BuiltinKind.INTERVAL -> PgInterval::class.java
        BuiltinKind.INET, BuiltinKind.CIDR -> PgInet::class.java
        BuiltinKind.MACADDR, BuiltinKind.MACADDR8 -> PgMacAddress::class.java
        BuiltinKind.BIT, BuiltinKind.VARBIT -> PgBitString::class.java
        BuiltinKind.POINT -> PgPoint::class.java
        BuiltinKind.LINE -> PgLine::class.java
        BuiltinKind.LSEG -> PgLineSegment::class.java
        BuiltinKind.BOX -> PgBox::class.java
        BuiltinKind.PATH -> PgPath::class.java
        BuiltinKind.POLYGON -> PgPolygon::class.java
        BuiltinKind.CIRCLE -> PgCircle::class.java
        BuiltinKind.HSTORE -> Map::class.java
    }
}
