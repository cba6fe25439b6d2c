package io.databridge.dsl.entity

import io.databridge.pg.errors.DataBridgeException

/** Thrown when an entity mapping or relation is declared in a way that cannot match its tables; names both sides. */
public class InvalidMappingException(message: String) : DataBridgeException(message)
