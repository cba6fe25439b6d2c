package io.databridge.pg

import io.databridge.pg.errors.DataBridgeException

/** A read-only call found no replica up (and within the lag limit) and the pool does not fall back to the primary. */
public class NoReplicaAvailableException(message: String) : DataBridgeException(message)
