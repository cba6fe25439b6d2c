package io.databridge.pg.pool

import kotlin.time.Duration
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.minutes
import kotlin.time.Duration.Companion.seconds

/**
 * How a [ResourcePool] sizes, ages and checks its resources. [Duration.INFINITE] switches a time limit off.
 * Invalid combinations are rejected with [PoolMisuseException] at construction.
 */
public data class PoolSettings(
    /** Shown in log lines and exception messages. */
    val name: String = "data-bridge",
    /** Resources kept open even when nobody needs them; created in the background. */
    val minSize: Int = 0,
    /** Upper bound on open resources plus resources being created. */
    val maxSize: Int = 10,
    /** How long [ResourcePool.acquire] and [ResourcePool.leaseShared] wait before [PoolTimeoutException]. */
    val acquireTimeout: Duration = 30.seconds,
    /** Age after which a resource is retired: closed when idle or returned, never while borrowed. */
    val maxLifetime: Duration = 30.minutes,
    /** Each resource's lifetime is shortened by a random amount up to this, so resources do not all expire at once. */
    val lifetimeJitter: Duration = 30.seconds,
    /** Idle resources above [minSize] are closed after being idle this long. */
    val idleTimeout: Duration = 10.minutes,
    /** A resource idle at least this long is [PooledResource.validate]d before it is handed out. */
    val validateAfterIdle: Duration = 5.seconds,
    /** A resource borrowed exclusively for longer than this is reported once as a possible leak. */
    val leakThreshold: Duration = Duration.INFINITE,
    /** Record where each exclusive borrow happened, to print with leak warnings (costs a stack trace per borrow). */
    val captureBorrowStackTrace: Boolean = false,
    /** How many shared operations may be in flight on one resource at once. */
    val maxSharedInFlight: Int = 16,
    /** How long [ResourcePool.close] waits for borrowed resources before closing them anyway. */
    val closeTimeout: Duration = 30.seconds,
    /** How often the background task evicts, retires, reports leaks and refills to [minSize]. */
    val maintenanceInterval: Duration = 500.milliseconds,
) {
    init {
        fun check(ok: Boolean, message: () -> String) {
            if (!ok) throw PoolMisuseException("invalid pool settings for '$name': ${message()}")
        }
        check(maxSize >= 1) { "maxSize must be at least 1, was $maxSize" }
        check(minSize in 0..maxSize) { "minSize must be between 0 and maxSize ($maxSize), was $minSize" }
        check(maxSharedInFlight >= 1) { "maxSharedInFlight must be at least 1, was $maxSharedInFlight" }
        check(acquireTimeout.isPositive()) { "acquireTimeout must be positive, was $acquireTimeout" }
        check(maxLifetime.isPositive()) { "maxLifetime must be positive, was $maxLifetime" }
        check(!lifetimeJitter.isNegative() && (maxLifetime.isInfinite() || lifetimeJitter < maxLifetime)) {
            "lifetimeJitter must be at least zero and below maxLifetime ($maxLifetime), was $lifetimeJitter"
        }
        check(idleTimeout.isPositive()) { "idleTimeout must be positive, was $idleTimeout" }
        check(!validateAfterIdle.isNegative()) { "validateAfterIdle must not be negative, was $validateAfterIdle" }
        check(leakThreshold.isPositive()) { "leakThreshold must be positive, was $leakThreshold" }
        check(!closeTimeout.isNegative()) { "closeTimeout must not be negative, was $closeTimeout" }
        check(maintenanceInterval.isPositive() && maintenanceInterval.isFinite()) {
            "maintenanceInterval must be positive and finite, was $maintenanceInterval"
        }
    }
}
