package io.databridge.pg

import io.databridge.pg.errors.DataBridgeException

/** No listed server satisfied `target_session_attrs`. */
public class TargetSessionMismatchException(message: String) : DataBridgeException(message)
