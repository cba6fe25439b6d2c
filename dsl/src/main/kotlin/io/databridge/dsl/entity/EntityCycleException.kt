package io.databridge.dsl.entity

import io.databridge.pg.errors.DataBridgeException

/**
 * Thrown before a cascading save or flush writes anything of new entities that reference each other in a cycle the
 * layer cannot break: every foreign key of the cycle is NOT NULL and either not DEFERRABLE or pointing at a key the
 * database has yet to generate. The message names the tables and columns of the cycle.
 */
public class EntityCycleException(message: String) : DataBridgeException(message)
