package io.databridge.embedded.proxy

import java.time.Duration

/** What a [FaultProxy] does to the bytes of its connections, existing and new; set with [FaultProxy.fault]. */
public sealed interface Fault {
    /** Forwards every byte unchanged. */
    public data object PassThrough : Fault

    /** Holds every chunk read, in each direction, for [latency] before forwarding it. */
    public data class Delay(
        /** The time each chunk waits. */
        public val latency: Duration,
    ) : Fault {
        init {
            require(!latency.isNegative) { "a delay cannot be negative: $latency" }
        }
    }

    /**
     * A black hole: bytes are read and discarded in both directions while both sockets stay open. A side that
     * closes its socket is still passed on, so that nothing outlives the client.
     */
    public data object Drop : Fault

    /**
     * Forwards at most [bytes] more bytes in each direction of each connection (counted from when this fault is
     * set, or from when a later connection opens), then closes both sides with a reset. A connection notices when
     * its next bytes arrive.
     */
    public data class Truncate(
        /** The bytes each direction may still forward. */
        public val bytes: Long,
    ) : Fault {
        init {
            require(bytes >= 0) { "a truncation length cannot be negative: $bytes" }
        }
    }
}
