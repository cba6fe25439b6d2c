package io.databridge.pg.types

/** The wire format of a value: PostgreSQL's format code 0 (text) or 1 (binary). */
public enum class Format(public val code: Int) {
    /** Human-readable text, as the type's output function prints it. */
    TEXT(0),

    /** The type's send/receive binary representation. */
    BINARY(1),
}
