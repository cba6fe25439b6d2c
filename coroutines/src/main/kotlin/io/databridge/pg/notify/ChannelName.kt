package io.databridge.pg.notify

import io.databridge.pg.InvalidChannelNameException
import io.databridge.pg.identifiers.Identifiers

/**
 * The channel names data-bridge accepts: the identifiers of [Identifiers] (any name PostgreSQL accepts quoted, at
 * most 63 bytes in UTF-8, beyond which the server would silently truncate). They are always sent double-quoted, so
 * the name is kept exactly as given (case, spaces, `"` doubled), matching what `pg_notify` receives.
 */
internal object ChannelName {
    /** [name] itself when it is acceptable; otherwise a typed failure saying why. */
    fun validate(name: String): String {
        Identifiers.problem(name)?.let { throw InvalidChannelNameException("channel name ${Identifiers.printable(name)} $it") }
        return name
    }

    /** [name], already validated, as a quoted identifier. */
    fun quoted(name: String): String = Identifiers.quoteValid(name)
}
