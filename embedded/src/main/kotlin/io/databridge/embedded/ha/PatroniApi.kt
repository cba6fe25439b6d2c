package io.databridge.embedded.ha

import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.intOrNull
import kotlinx.serialization.json.jsonArray
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive
import kotlinx.serialization.json.longOrNull
import java.io.IOException
import java.net.URI
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import java.time.Duration

/** Patroni's REST API on one member: the cluster view, a member's own status, switchover and configuration. */
internal class PatroniApi(private val http: HttpClient, private val port: Int) {
    /** `GET /cluster`. */
    fun cluster(): ClusterView {
        val members = get("/cluster").jsonObject["members"]?.jsonArray ?: return ClusterView(emptyList())
        return ClusterView(members.map { it.jsonObject.toMember() })
    }

    /** `GET /patroni`: the member's own status (on the leader it lists the replication connections). */
    fun status(): JsonObject = get("/patroni").jsonObject

    /** `POST /switchover`; Patroni answers once the switchover is done or has failed. */
    fun switchover(leader: String, candidate: String, timeout: Duration): Pair<Int, String> =
        send("POST", "/switchover", """{"leader":${Json.encodeToString(leader)},"candidate":${Json.encodeToString(candidate)}}""", timeout)

    /** `PATCH /config` with [body], a JSON object of dynamic settings. */
    fun patchConfig(body: String): Pair<Int, String> = send("PATCH", "/config", body, Duration.ofSeconds(10))

    private fun get(path: String): JsonElement {
        val (status, body) = send("GET", path, null, Duration.ofSeconds(3))
        if (status !in 200..299 && !(path == "/patroni" && status == 503)) throw IOException("GET $path on port $port answered $status: $body")
        return Json.parseToJsonElement(body)
    }

    private fun send(method: String, path: String, body: String?, timeout: Duration): Pair<Int, String> {
        val publisher = body?.let { HttpRequest.BodyPublishers.ofString(it) } ?: HttpRequest.BodyPublishers.noBody()
        val request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:$port$path"))
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .method(method, publisher)
            .build()
        val response = http.send(request, HttpResponse.BodyHandlers.ofString())
        return response.statusCode() to response.body()
    }

    private fun JsonObject.toMember() = ClusterMember(
        name = text("name"),
        role = text("role"),
        state = text("state"),
        host = text("host"),
        port = this["port"]?.jsonPrimitive?.intOrNull ?: 0,
        timeline = this["timeline"]?.jsonPrimitive?.longOrNull,
        lagBytes = this["lag"]?.jsonPrimitive?.longOrNull,
    )

    private fun JsonObject.text(key: String): String = this[key]?.jsonPrimitive?.content ?: ""
}
