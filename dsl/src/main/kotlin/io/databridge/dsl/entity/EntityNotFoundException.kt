package io.databridge.dsl.entity

import io.databridge.pg.errors.DataBridgeException

/** Thrown when an update of an entity without a version column matched no row: its key is not in the table. */
public class EntityNotFoundException(message: String) : DataBridgeException(message)
