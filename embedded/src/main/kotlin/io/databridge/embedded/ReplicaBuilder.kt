package io.databridge.embedded

/**
 * Describes a streaming replica of [primary] to start; fluent for Java (`primary.replica().physicalSlot("s").start()`)
 * and the receiver of the Kotlin DSL (`primary.startReplica { physicalSlot("s") }`).
 */
public class ReplicaBuilder internal constructor(private val primary: EmbeddedPostgres) {
    internal var physicalSlot: String? = null
        private set
    internal var failoverSlotDatabase: String? = null
        private set
    internal val settings = linkedMapOf<String, String>()

    /**
     * Streams through the physical replication slot [name], created on the primary at start (`primary_slot_name`), so
     * the primary keeps the WAL this standby has not received yet. The slot outlives the standby: drop it on a primary
     * that goes on without it.
     */
    public fun physicalSlot(name: String): ReplicaBuilder = apply {
        require(name.matches(SLOT_NAME)) { "a slot name has 1 to 63 lower-case letters, digits and underscores, not \"$name\"" }
        physicalSlot = name
    }

    /**
     * Synchronises the primary's failover logical slots (created with the `failover` option) to this standby, so they
     * can be consumed from it once it is promoted (PostgreSQL 17+, `wal_level=logical`, needs [physicalSlot]): turns on
     * `sync_replication_slots` and `hot_standby_feedback`, names [database] in `primary_conninfo` (the slot sync worker
     * connects to it), and adds this standby's physical slot to the primary's `synchronized_standby_slots`, so that no
     * logical consumer is sent a change this standby has not received.
     */
    @JvmOverloads
    public fun syncFailoverSlots(database: String = "postgres"): ReplicaBuilder = apply {
        require(database.isNotBlank() && database.length <= 63) { "a database name must have 1 to 63 characters" }
        failoverSlotDatabase = database
    }

    /** Sets a server parameter on this standby only (on top of the primary's settings). */
    public fun setting(key: String, value: String): ReplicaBuilder = apply {
        ServerFiles.requireParameterName(key)
        settings[key] = value
    }

    /** Takes a base backup of the primary and starts it as a standby; close it yourself. */
    public fun start(): EmbeddedPostgres {
        if (failoverSlotDatabase != null) {
            require(physicalSlot != null) { "syncFailoverSlots() needs physicalSlot(...): slot synchronisation streams through it" }
            check(primary.majorVersion >= 17) { "failover slot synchronisation needs PostgreSQL 17 or later (the primary is ${primary.majorVersion})" }
        }
        return primary.launchReplica(this)
    }

    private companion object {
        val SLOT_NAME = Regex("[a-z0-9_]{1,63}")
    }
}
