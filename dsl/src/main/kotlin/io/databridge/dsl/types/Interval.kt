package io.databridge.dsl.types

/**
 * A PostgreSQL `interval` as its three independent fields. A placeholder of the DSL until core's value class
 * lands: `java.time.Duration` cannot hold months and days, which PostgreSQL keeps apart from time.
 */
public data class Interval(val months: Int, val days: Int, val microseconds: Long)
