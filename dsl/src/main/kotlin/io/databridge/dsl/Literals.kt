package io.databridge.dsl

import io.databridge.dsl.types.PgType
import io.databridge.dsl.types.PgTypes
import java.math.BigDecimal
import java.time.Instant
import java.time.LocalDate
import java.time.LocalDateTime
import java.time.LocalTime
import java.time.OffsetDateTime
import java.time.OffsetTime
import java.util.UUID

/** [value] bound as a parameter of [type]. */
public fun <T : Any> param(value: T, type: PgType<T>): Expr<T> = Param(value, type)

/** [value] (possibly null) bound as a parameter of [type]. */
public fun <T : Any> nullableParam(value: T?, type: PgType<T>): Expr<T?> = Param(value, type)

/** [value] bound as an `int4` parameter. */
public fun lit(value: Int): Expr<Int> = Param(value, PgTypes.int4)

/** [value] bound as an `int8` parameter. */
public fun lit(value: Long): Expr<Long> = Param(value, PgTypes.int8)

/** [value] bound as a `text` parameter. */
public fun lit(value: String): Expr<String> = Param(value, PgTypes.text)

/** [value] bound as a `bool` parameter. */
public fun lit(value: Boolean): Expr<Boolean> = Param(value, PgTypes.bool)

/** [value] bound as a `float8` parameter. */
public fun lit(value: Double): Expr<Double> = Param(value, PgTypes.float8)

/** [value] bound as a `numeric` parameter. */
public fun lit(value: BigDecimal): Expr<BigDecimal> = Param(value, PgTypes.numeric)

/** Binds [value] with the parameter type its Kotlin class maps to by default; for raw SQL arguments. */
internal fun inferredParam(value: Any?): Expr<*> = when (value) {
    null -> throw InvalidParameterException("a null raw-SQL argument has no type; pass nullableParam(null, type)")
    is Expr<*> -> value
    is Int -> Param<Int>(value, PgTypes.int4)
    is Long -> Param<Long>(value, PgTypes.int8)
    is Short -> Param<Short>(value, PgTypes.int2)
    is String -> Param<String>(value, PgTypes.text)
    is Boolean -> Param<Boolean>(value, PgTypes.bool)
    is Double -> Param<Double>(value, PgTypes.float8)
    is Float -> Param<Float>(value, PgTypes.float4)
    is BigDecimal -> Param<BigDecimal>(value, PgTypes.numeric)
    is UUID -> Param<UUID>(value, PgTypes.uuid)
    is LocalDate -> Param<LocalDate>(value, PgTypes.date)
    is LocalTime -> Param<LocalTime>(value, PgTypes.time)
    is LocalDateTime -> Param<LocalDateTime>(value, PgTypes.timestamp)
    is OffsetDateTime -> Param<OffsetDateTime>(value, PgTypes.timestamptz)
    is Instant -> Param<Instant>(value, PgTypes.instant)
    is OffsetTime -> Param<OffsetTime>(value, PgTypes.timetz)
    is ByteArray -> Param<ByteArray>(value, PgTypes.bytea)
    else -> throw InvalidParameterException("no default PostgreSQL type for ${value::class.qualifiedName}; pass param(value, type)")
}
