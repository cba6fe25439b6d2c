package io.databridge.pg.pool

import io.databridge.pg.errors.DataBridgeException

/** No resource became available within [PoolSettings.acquireTimeout]; the message carries the pool's state. */
public class PoolTimeoutException(message: String) : DataBridgeException(message)

/** The pool is closed or closing and hands nothing out any more. */
public class PoolClosedException(message: String) : DataBridgeException(message)

/** Creating a resource for this caller failed (server down, bad credentials); [cause] is the factory's failure. */
public class PoolCreationException(message: String, cause: Throwable) : DataBridgeException(message, cause)

/** The pool was used wrongly: a lease released twice, or settings that contradict each other. */
public class PoolMisuseException(message: String) : DataBridgeException(message)
