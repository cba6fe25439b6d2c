package io.databridge.pg.protocol

import io.databridge.pg.errors.TooManyParametersException

/** The most parameters one statement can carry: Parse and Bind count them in an unsigned 16-bit field. */
public const val MAX_PARAMETERS: Int = 0xFFFF

/** Throws [TooManyParametersException] when [count] parameters cannot travel in one Bind message. */
public fun requireParameterCount(count: Int) {
    if (count > MAX_PARAMETERS) throw TooManyParametersException(count, MAX_PARAMETERS)
}
