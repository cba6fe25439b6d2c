package io.databridge.pg.replication

import io.databridge.pg.errors.DataBridgeException

/** A replication feature was asked of a server (or pgoutput protocol version) that does not have it. */
public class ReplicationUnsupportedException(message: String) : DataBridgeException(message)
