package io.databridge.pg.pool

import java.util.concurrent.atomic.AtomicBoolean

/**
 * A resource borrowed from a [ResourcePool], exclusively ([ResourcePool.acquire]) or for one shared operation
 * ([ResourcePool.leaseShared]). Release it exactly once; the resource must not be used afterwards.
 */
public class PoolLease<R : PooledResource> internal constructor(
    private val pool: ResourcePool<R>,
    internal val entry: PoolEntry<R>,
    /** True for a shared lease: other callers may be using the same resource concurrently. */
    public val isShared: Boolean,
) {
    private val released = AtomicBoolean()

    /** The borrowed resource. */
    public val resource: R get() = entry.resource

    /**
     * Gives the resource back: an exclusive one is [PooledResource.reset] first (even when the caller is cancelled)
     * and discarded if that fails. A second call throws [PoolMisuseException].
     */
    public suspend fun release() {
        if (!released.compareAndSet(false, true)) {
            throw PoolMisuseException("this ${if (isShared) "shared" else "exclusive"} lease was already released")
        }
        if (isShared) pool.releaseShared(entry) else pool.releaseExclusive(entry)
    }

    override fun toString(): String =
        "PoolLease(${if (isShared) "shared" else "exclusive"}, released=${released.get()}, resource=${entry.resource})"
}
