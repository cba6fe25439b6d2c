package io.databridge.pg.protocol

import io.databridge.pg.config.ProtocolVersion
import io.databridge.pg.errors.ProtocolException

/**
 * Refuses a NegotiateProtocolVersion that does not fit a StartupMessage asking for [requested]: a server may only
 * offer an older minor version of protocol 3 (or the same one, when it merely ignored `_pq_.` options).
 */
public fun NegotiateProtocolVersion.requireAcceptableFor(requested: ProtocolVersion) {
    val major = newestVersion ushr 16
    if (major != 3 || newestVersion > requested.code) {
        throw ProtocolException(
            "the server offered protocol version $major.${newestMinor}, which the client did not ask for " +
                "(it asked for ${requested.code ushr 16}.${requested.code and 0xffff}); refusing the connection",
            tag = 'v',
        )
    }
}
