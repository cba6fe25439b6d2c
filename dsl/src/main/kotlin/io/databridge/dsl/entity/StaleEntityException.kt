package io.databridge.dsl.entity

import io.databridge.pg.errors.DataBridgeException

/**
 * Thrown when an UPDATE or DELETE guarded by a version column matched no row: another transaction changed or
 * deleted the entity since it was loaded. Nothing was written; reload the entity and apply the change again.
 */
public class StaleEntityException(message: String) : DataBridgeException(message)
