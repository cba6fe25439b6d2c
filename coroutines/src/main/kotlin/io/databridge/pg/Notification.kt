package io.databridge.pg

/** A NOTIFY received on a channel this session listens to. */
public data class Notification(
    /** The process id of the notifying backend. */
    val processId: Int,
    /** The channel name. */
    val channel: String,
    /** The payload; empty when none was given. */
    val payload: String,
)
