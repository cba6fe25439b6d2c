package io.databridge.dsl

import io.databridge.pg.errors.DataBridgeException

/** Thrown when a bound value cannot be represented by its PostgreSQL type (for example a NUL byte in text). */
public class InvalidParameterException(message: String) : DataBridgeException(message)
