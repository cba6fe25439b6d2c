package io.databridge.dsl.entity

import io.databridge.pg.errors.DataBridgeException

/** Thrown when an unloaded [Related] value is read: the layer never queries behind a property read. */
public class RelationNotLoadedException(message: String) : DataBridgeException(message)
