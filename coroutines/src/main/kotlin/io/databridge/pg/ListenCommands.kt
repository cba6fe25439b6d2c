package io.databridge.pg

import io.databridge.pg.notify.ChannelName

/**
 * Sends [payload] on [channel] with `SELECT pg_notify($1, $2)`: both travel as bound parameters, never spliced into
 * SQL. Inside a transaction the notification is delivered at commit. Throws [InvalidChannelNameException] for a
 * channel name that [PgListener] could not listen to.
 */
public suspend fun PgConnection.notify(channel: String, payload: String = "") {
    query("SELECT pg_notify($1, $2)", ChannelName.validate(channel), payload)
}
