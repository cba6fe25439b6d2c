package io.databridge.ktor

import io.databridge.pg.errors.DataBridgeException
import io.databridge.pg.pool.PoolStats
import io.ktor.http.ContentType
import io.ktor.http.HttpStatusCode
import io.ktor.server.application.Application
import io.ktor.server.response.respondText
import io.ktor.server.routing.Route
import io.ktor.server.routing.get
import kotlin.time.Duration
import kotlin.time.Duration.Companion.seconds
import kotlin.time.DurationUnit
import kotlin.time.TimeSource
import kotlinx.coroutines.withTimeoutOrNull
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.buildJsonObject
import kotlinx.serialization.json.put
import kotlinx.serialization.json.putJsonObject

/** The database as a health check sees it: whether a round trip succeeded, how long it took, and the pool's state. */
public data class DataBridgeHealth(
    /** Whether `SELECT 1` came back in time. */
    val up: Boolean,
    /** How long the round trip took, including waiting for a connection; null when it failed. */
    val roundTrip: Duration?,
    /** Why the round trip failed (exception type and message, never a password); null when [up]. */
    val error: String?,
    /** The pool's sizes and counters at the end of the check. */
    val pool: PoolStats,
)

/** Checks the database with a `SELECT 1` through the application's pool, giving up after [timeout]. */
public suspend fun Application.dataBridgeHealth(timeout: Duration = 5.seconds): DataBridgeHealth {
    val pool = dataBridge
    val start = TimeSource.Monotonic.markNow()
    val error = try {
        if (withTimeoutOrNull(timeout) { pool.query("SELECT 1") } == null) "no answer within $timeout" else null
    } catch (e: DataBridgeException) {
        "${e.javaClass.simpleName}: ${e.message}"
    }
    val elapsed = start.elapsedNow()
    return DataBridgeHealth(up = error == null, roundTrip = elapsed.takeIf { error == null }, error = error, pool = pool.stats())
}

/**
 * Answers GET [path] with the [dataBridgeHealth] as JSON: 200 when the database is up, 503 when it is not.
 * `{"status":"UP","roundTripMillis":0.8,"pool":{"size":1,"idle":1,"inUse":0,"waiters":0,"maxSize":10,…}}`
 */
public fun Route.dataBridgeHealthCheck(path: String = "/health/db", timeout: Duration = 5.seconds): Route =
    get(path) {
        val health = call.application.dataBridgeHealth(timeout)
        call.respondText(
            health.toJson().toString(),
            ContentType.Application.Json,
            if (health.up) HttpStatusCode.OK else HttpStatusCode.ServiceUnavailable,
        )
    }

internal fun DataBridgeHealth.toJson(): JsonObject = buildJsonObject {
    put("status", if (up) "UP" else "DOWN")
    roundTrip?.let { put("roundTripMillis", it.toDouble(DurationUnit.MILLISECONDS)) }
    error?.let { put("error", it) }
    putJsonObject("pool") {
        put("size", pool.size)
        put("idle", pool.idle)
        put("inUse", pool.inUse)
        put("waiters", pool.waiters)
        put("pendingCreations", pool.pendingCreations)
        put("maxSize", pool.maxSize)
        put("timeouts", pool.timeouts)
        put("creationFailures", pool.creationFailures)
    }
}
