package io.databridge.pg

/**
 * Sends [payload] on [channel] with `SELECT pg_notify($1, $2)`: both travel as bound parameters, never spliced into
 * SQL. Inside a transaction the notification is delivered at commit. Throws [InvalidChannelNameException] for a
 * channel name that [PgListener] could not listen to.
 */
public suspend fun PgConnection.notify(channel: String, payload: String = "") {
    query("SELECT pg_notify($1, $2)", ChannelName.validate(channel), payload)
}

/** One script that LISTENs to each of [channels] (validated names). */
internal fun listenScript(channels: Collection<String>): String = channels.joinToString("; ") { "LISTEN ${ChannelName.quoted(it)}" }

/** One script that UNLISTENs each of [channels] (validated names). */
internal fun unlistenScript(channels: Collection<String>): String = channels.joinToString("; ") { "UNLISTEN ${ChannelName.quoted(it)}" }
