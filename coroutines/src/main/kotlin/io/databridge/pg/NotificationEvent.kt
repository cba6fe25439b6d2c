package io.databridge.pg

import io.databridge.pg.errors.DataBridgeException

/** What a [PgListener.listen] flow emits. */
public sealed interface NotificationEvent {
    /** The subscription is active: every notification sent on [channels] from now on is delivered. Emitted first. */
    public data class Listening(
        /** The channels of this subscription. */
        val channels: Set<String>,
    ) : NotificationEvent

    /** A notification on one of the subscription's channels. */
    public data class Received(
        /** The notification as the server sent it. */
        val notification: Notification,
    ) : NotificationEvent

    /**
     * The listener's connection was lost and a new one LISTENs again: notifications sent while it was down were
     * missed, so re-read whatever state they announce.
     */
    public data object Reconnected : NotificationEvent
}

/** A subscriber fell further behind than [ListenerSettings.subscriberBufferCapacity] notifications; its flow ends. */
public class NotificationOverflowException(capacity: Int) :
    DataBridgeException("the subscriber fell $capacity notifications behind and was dropped; collect faster or raise subscriberBufferCapacity")
