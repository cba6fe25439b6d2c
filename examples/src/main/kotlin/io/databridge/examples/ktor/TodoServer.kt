package io.databridge.examples.ktor

import io.databridge.embedded.EmbeddedPostgres
import io.databridge.ktor.dataBridge
import io.ktor.client.HttpClient
import io.ktor.client.plugins.sse.SSE
import io.ktor.client.plugins.sse.sse
import io.ktor.client.request.get
import io.ktor.client.request.post
import io.ktor.client.request.setBody
import io.ktor.client.statement.bodyAsText
import io.ktor.http.HttpStatusCode
import io.ktor.server.application.Application
import io.ktor.server.cio.CIO
import io.ktor.server.cio.CIOApplicationEngine
import io.ktor.server.config.MapApplicationConfig
import io.ktor.server.engine.EmbeddedServer
import io.ktor.server.engine.applicationEnvironment
import io.ktor.server.engine.connector
import io.ktor.server.engine.embeddedServer
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.flow.filter
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.flow.onEach
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withContext
import kotlinx.coroutines.withTimeout
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive

/** The todo service on a CIO engine. */
typealias TodoServer = EmbeddedServer<CIOApplicationEngine, CIOApplicationEngine.Configuration>

/**
 * Runs the todo service on port 8080 until the JVM stops: on `DATABASE_URL`'s server when it is set, else on a
 * throwaway embedded PostgreSQL.
 */
fun main() {
    val embedded = if (System.getenv("DATABASE_URL") == null) EmbeddedPostgres.start() else null
    val server = runBlocking { startTodoServer(embedded?.url() ?: System.getenv("DATABASE_URL"), port = 8080) }
    Runtime.getRuntime().addShutdownHook(
        Thread {
            server.stop(1_000, 5_000)
            embedded?.close()
        },
    )
    println("Todo service on http://127.0.0.1:8080/todos (stream: /todos/events, health: /health); Ctrl-C stops it")
    Thread.currentThread().join()
}

/**
 * Starts the service on [port] (0: a free one) with `databridge.url` = [url] in its application config (the
 * environment's `DATABRIDGE_URL` or `DATABASE_URL` override it, as the plugin documents), then creates its schema
 * through the plugin's pool.
 */
suspend fun startTodoServer(url: String, port: Int = 0): TodoServer {
    val server = embeddedServer(
        CIO,
        applicationEnvironment { config = MapApplicationConfig("databridge.url" to url) },
        { connector { host = "127.0.0.1"; this.port = port } },
        Application::todoService,
    )
    server.startSuspend(wait = false)
    createTodoSchema(server.application.dataBridge)
    return server
}

/** The port the server listens on. */
suspend fun TodoServer.port(): Int = engine.resolvedConnectors().first().port

/**
 * The tour's Ktor step: starts the service on a free port, subscribes to `/todos/events`, creates a todo and reads
 * the event the database sent for it, reads the todo back, then stops the service.
 */
internal suspend fun todoServiceTour(url: String): List<Pair<String, Boolean>> {
    val server = startTodoServer(url)
    try {
        val base = "http://127.0.0.1:${server.port()}"
        HttpClient(io.ktor.client.engine.cio.CIO) { install(SSE) }.use { client ->
            var created = ""
            val announced = withTimeout(20_000) {
                var event = ""
                client.sse("$base/todos/events") {
                    event = incoming
                        .onEach { if (it.event == "listening") created = client.post("$base/todos") { setBody("write the README") }.bodyAsText() }
                        .filter { it.event == TODO_CHANNEL }
                        .first().data.orEmpty()
                }
                event
            }
            val id = Regex("\\d+").find(created)?.value
            val read = client.get("$base/todos/$id")
            println("Ktor service: POST /todos answered $created; /todos/events streamed $announced")
            return listOf(
                "ktor service create" to (id != null && read.status == HttpStatusCode.OK && "write the README" in read.bodyAsText()),
                "ktor service event" to (Json.parseToJsonElement(announced).jsonObject["id"]?.jsonPrimitive?.content == id),
            )
        }
    } finally {
        withContext(Dispatchers.IO) { server.stop(0, 5_000) }
    }
}
