package io.databridge.pg.cancel

import io.databridge.pg.pipeline.PendingRequest

/**
 * Holds a connection's new requests back while a CancelRequest is on its way. PostgreSQL cancels whatever the
 * backend runs when the signal lands; once the target request has ended and the server has taken the cancel, a
 * later request can no longer be hit. Loop thread only.
 */
internal class CancelFence {
    private var target: PendingRequest? = null
    private var sent = false
    private var ended = false

    /** True while a cancel is on its way or its target still runs. */
    val isUp: Boolean get() = target != null

    /** Raises the fence for a cancel aimed at [request]; false when another cancel is already on its way. */
    fun raise(request: PendingRequest): Boolean {
        if (target != null) return false
        target = request
        sent = false
        ended = false
        return true
    }

    /** Aims the fence at [request] once more, for a cancel sent again; false when the fence is aimed elsewhere. */
    fun resend(request: PendingRequest): Boolean {
        if (target !== request || ended) return false
        sent = false
        return true
    }

    /** The cancel for [request] was taken by the server; true when that lowered the fence. */
    fun delivered(request: PendingRequest): Boolean {
        if (target !== request) return false
        sent = true
        return lowerIfDone()
    }

    /** [request] completed; true when that lowered the fence. */
    fun ended(request: PendingRequest): Boolean {
        if (target !== request) return false
        ended = true
        return lowerIfDone()
    }

    /** Drops the fence (the connection closed). */
    fun clear() {
        target = null
    }

    private fun lowerIfDone(): Boolean {
        if (!sent || !ended) return false
        target = null
        return true
    }
}
