package io.databridge.pg

import io.databridge.pg.errors.DataBridgeException

/** A [Transaction] (typically captured from a coroutine context) was used after its block committed or rolled back. */
public class TransactionClosedException(message: String) : DataBridgeException(message)
