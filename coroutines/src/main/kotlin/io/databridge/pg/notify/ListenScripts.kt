package io.databridge.pg.notify

/** One script that LISTENs to each of [channels] (validated names). */
internal fun listenScript(channels: Collection<String>): String = channels.joinToString("; ") { "LISTEN ${ChannelName.quoted(it)}" }

/** One script that UNLISTENs each of [channels] (validated names). */
internal fun unlistenScript(channels: Collection<String>): String = channels.joinToString("; ") { "UNLISTEN ${ChannelName.quoted(it)}" }
