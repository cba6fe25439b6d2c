package io.databridge.dsl.exec

import io.databridge.pg.errors.DataBridgeException

/** Thrown by `single`, `singleOrNull` and `first` when a query returns a number of rows they cannot accept. */
public class UnexpectedRowCountException(message: String) : DataBridgeException(message)
