package io.databridge.dsl

import io.databridge.pg.errors.DataBridgeException

/** Thrown when a query is built in a way PostgreSQL could not accept (mismatched rows, wrong placeholder count…). */
public class InvalidQueryException(message: String) : DataBridgeException(message)
