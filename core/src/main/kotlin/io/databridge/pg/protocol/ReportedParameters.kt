package io.databridge.pg.protocol

import io.databridge.pg.errors.ProtocolException
import java.util.Collections
import java.util.concurrent.ConcurrentHashMap

/**
 * The run-time parameters a server reported through ParameterStatus, as last reported. A connection keeps them for
 * its lifetime, so both the number of distinct names and their total size are bounded: a server that sends more is
 * refused with a [ProtocolException] (and the connection closed) instead of growing memory without end. PostgreSQL
 * reports about twenty parameters, a few hundred bytes in all. Updated from one thread, read from any.
 */
public class ReportedParameters {
    private val values = ConcurrentHashMap<String, String>()
    private var totalChars = 0L

    /** A live read-only view of the parameters. */
    public val view: Map<String, String> = Collections.unmodifiableMap(values)

    /** The last reported value of [name], or null. */
    public operator fun get(name: String): String? = values[name]

    /** Keeps [status]; refuses it when a new name would pass [MAX_NAMES], or the names and values [MAX_TOTAL_CHARS]. */
    public fun record(status: ParameterStatus) {
        val previous = values[status.name]
        if (previous == null && values.size >= MAX_NAMES) {
            throw ProtocolException("the server reported more than $MAX_NAMES distinct run-time parameters (ParameterStatus), the limit", tag = 'S')
        }
        val after = totalChars - (previous?.let { status.name.length + it.length } ?: 0) + status.name.length + status.value.length
        if (after > MAX_TOTAL_CHARS) {
            throw ProtocolException("the run-time parameters the server reported (ParameterStatus) exceed the limit of $MAX_TOTAL_CHARS characters in all", tag = 'S')
        }
        values[status.name] = status.value
        totalChars = after
    }

    /** The limits, documented in the error reference. */
    public companion object {
        /** The most distinct parameter names a connection keeps. */
        public const val MAX_NAMES: Int = 1024

        /** The most characters (names and values together) a connection keeps. */
        public const val MAX_TOTAL_CHARS: Int = 1 shl 20
    }
}
