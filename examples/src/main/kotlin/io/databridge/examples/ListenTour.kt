package io.databridge.examples

import io.databridge.pg.NotificationEvent
import io.databridge.pg.PgListener
import kotlinx.coroutines.flow.filterIsInstance
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.flow.onEach
import kotlinx.coroutines.withTimeout

/** LISTEN/NOTIFY as a Flow: one dedicated connection, the payload always bound, never spliced. */
internal suspend fun listenTour(url: String): List<Pair<String, Boolean>> =
    PgListener.connect(url).use { listener ->
        val received = withTimeout(10_000) {
            listener.listen("orders")
                .onEach { event -> if (event is NotificationEvent.Listening) listener.notify("orders", "order 42 shipped") }
                .filterIsInstance<NotificationEvent.Received>()
                .first()
        }
        println("Notification on '${received.notification.channel}': ${received.notification.payload}")
        listOf("listen/notify" to (received.notification.payload == "order 42 shipped"))
    }
