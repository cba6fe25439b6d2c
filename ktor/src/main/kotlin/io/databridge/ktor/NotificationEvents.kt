package io.databridge.ktor

import io.databridge.pg.NotificationEvent
import io.databridge.pg.errors.InvalidIdentifierException
import io.databridge.pg.identifiers.Identifiers
import io.ktor.server.application.install
import io.ktor.server.application.pluginOrNull
import io.ktor.server.routing.Route
import io.ktor.server.routing.application
import io.ktor.server.sse.SSE
import io.ktor.server.sse.sse
import io.ktor.sse.ServerSentEvent

/**
 * Streams the notifications on [channels] to each client of GET [path] as Server-Sent Events, through the
 * application's shared [dataBridgeListener]: one LISTEN connection however many clients stream. [toEvent] turns each
 * [NotificationEvent] into the event sent, or null to send nothing ([toServerSentEvent] by default). The stream ends
 * when the client goes away or the application stops. Installs Ktor's `SSE` plugin when it is not installed yet.
 * Channel names follow the shared identifier rules ([Identifiers]) and are checked here, when the route is set up,
 * so a bad name ([io.databridge.pg.errors.InvalidIdentifierException]) stops the application at start-up instead of
 * failing each client's stream.
 */
public fun Route.notificationEvents(
    path: String,
    vararg channels: String,
    toEvent: (NotificationEvent) -> ServerSentEvent? = NotificationEvent::toServerSentEvent,
): Route {
    if (channels.isEmpty()) throw InvalidIdentifierException("notificationEvents($path) needs at least one channel")
    channels.forEach { Identifiers.validate(it, "channel") }
    if (application.pluginOrNull(SSE) == null) application.install(SSE)
    return sse(path) {
        call.application.dataBridgeListener().listen(*channels).collect { event -> toEvent(event)?.let { send(it) } }
    }
}

/**
 * The default event for a [NotificationEvent]: a notification becomes an event named after its channel with the
 * payload as data; the subscription's start is a `listening` event (its data the channels, comma-separated), so a
 * client knows from when on nothing is missed; a reconnection is a `reconnected` event (notifications were missed,
 * re-read the state they announce).
 */
public fun NotificationEvent.toServerSentEvent(): ServerSentEvent = when (this) {
    is NotificationEvent.Received -> ServerSentEvent(data = notification.payload, event = notification.channel)
    is NotificationEvent.Listening -> ServerSentEvent(data = channels.joinToString(","), event = "listening")
    NotificationEvent.Reconnected -> ServerSentEvent(data = "", event = "reconnected")
}
