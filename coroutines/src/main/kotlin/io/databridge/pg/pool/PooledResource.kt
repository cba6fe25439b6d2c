package io.databridge.pg.pool

/**
 * What a [ResourcePool] needs from the things it pools (a database connection, in practice): health checks,
 * a clean-up step between borrowers, and closing.
 */
public interface PooledResource {
    /**
     * True once the resource can no longer be used (socket gone, protocol out of sync). Read under the pool's lock
     * on every hand-out and return, so it must be cheap, non-blocking and safe to read from any thread.
     */
    public val isBroken: Boolean

    /**
     * True while the resource is still busy with work a borrower gave up (for a connection: a cancelled query the
     * server has not answered yet), which would hold up whoever used it next. The pool lends such a resource to no
     * one; when its last borrower returns it, it gets the [reset] step, which may wait for that work to end or
     * discard it. Read under the pool's lock like [isBroken]: cheap, non-blocking, safe from any thread.
     */
    public val isBusyWithAbandonedWork: Boolean get() = false

    /**
     * Checks that a resource that sat idle for longer than [PoolSettings.validateAfterIdle] still works before it
     * is handed out; false or an exception makes the pool discard it and hand out another one.
     */
    public suspend fun validate(): Boolean

    /**
     * Brings a returned resource back to a clean state for the next borrower (for a connection: roll back an open
     * transaction). False or an exception makes the pool discard it. Called only after exclusive use.
     */
    public suspend fun reset(): Boolean

    /** Releases what the resource holds; the pool calls it exactly once and logs, never rethrows, its failures. */
    public suspend fun close()
}
