package io.databridge.dsl

import io.databridge.pg.errors.DataBridgeException

/** Thrown when a table, column, alias or type name is not a safe PostgreSQL identifier. */
public class InvalidIdentifierException(message: String) : DataBridgeException(message)
