package io.databridge.pg.pool

import kotlin.time.Duration

/** A consistent snapshot of a [ResourcePool]'s state and counters since it was created. */
public data class PoolStats(
    /** Open resources owned by the pool: [idle] plus [inUse]. */
    val size: Int,
    /** Resources waiting to be handed out. */
    val idle: Int,
    /** Resources borrowed exclusively, carrying shared operations, or being validated or reset. */
    val inUse: Int,
    /** Callers waiting for a resource. */
    val waiters: Int,
    /** Resources being created right now. */
    val pendingCreations: Int,
    /** The configured maximum size. */
    val maxSize: Int,
    /** Exclusive acquisitions that succeeded. */
    val totalAcquired: Long,
    /** Shared leases that succeeded. */
    val totalSharedLeases: Long,
    /** Acquisitions and leases that ended in [PoolTimeoutException]. */
    val timeouts: Long,
    /** Resources the factory created. */
    val creations: Long,
    /** Factory calls that failed. */
    val creationFailures: Long,
    /** Resources closed by the pool (broken, failed validation or reset, expired, evicted, pool closed). */
    val discarded: Long,
    /** Exclusive borrows reported as possible leaks. */
    val leaksReported: Long,
    /** How long successful acquisitions and leases waited. */
    val acquireTime: AcquireTimeSummary,
)

/** Percentiles of acquisition wait times; each percentile is the upper edge of a histogram bucket (within 19%). */
public data class AcquireTimeSummary(
    /** Number of recorded acquisitions. */
    val count: Long,
    /** Median wait. */
    val p50: Duration,
    /** 95th percentile wait. */
    val p95: Duration,
    /** 99th percentile wait. */
    val p99: Duration,
    /** Longest wait, exact. */
    val max: Duration,
)
