package io.databridge.dsl

import io.databridge.pg.errors.DataBridgeException

/** Thrown when a result column declared non-null holds SQL NULL (for example a LEFT JOIN read without `orNull()`). */
public class UnexpectedNullException(message: String) : DataBridgeException(message)
