package io.databridge.dsl.schema

import io.databridge.pg.errors.DataBridgeException

/** Thrown when a table declaration cannot become DDL, or a catalog holds what the schema model cannot describe. */
public class SchemaException(message: String) : DataBridgeException(message)
