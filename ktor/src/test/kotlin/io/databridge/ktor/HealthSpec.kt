package io.databridge.ktor

import io.databridge.embedded.kotest.PostgresDatabaseExtension
import io.kotest.core.extensions.install
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.shouldNotBe
import io.kotest.matchers.string.shouldStartWith
import io.ktor.client.request.get
import io.ktor.client.statement.bodyAsText
import io.ktor.http.HttpStatusCode
import io.ktor.server.config.MapApplicationConfig
import io.ktor.server.routing.routing
import io.ktor.server.testing.testApplication
import java.net.ServerSocket
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive
import kotlinx.serialization.json.int
import kotlin.time.Duration.Companion.seconds

class HealthSpec : FunSpec({
    val db = install(PostgresDatabaseExtension("ktor-health"))

    test("a reachable server answers 200 with the round trip and the pool's state") {
        testApplication {
            val app = startWith(configFor(db, "ktor_health", "databridge.pool.maxSize" to "3")) { routing { dataBridgeHealthCheck() } }
            val response = client.get("/health/db")
            response.status shouldBe HttpStatusCode.OK
            val body = Json.parseToJsonElement(response.bodyAsText()).jsonObject
            body["status"]!!.jsonPrimitive.content shouldBe "UP"
            body["roundTripMillis"] shouldNotBe null
            body["pool"]!!.jsonObject["maxSize"]!!.jsonPrimitive.int shouldBe 3
            app.dataBridgeHealth().let {
                it.up shouldBe true
                it.error shouldBe null
                it.pool.size shouldBe 1
            }
        }
    }

    test("a closed pool answers 503 with the reason") {
        testApplication {
            val app = startWith(configFor(db, "ktor_health_closed")) { routing { dataBridgeHealthCheck("/db") } }
            app.dataBridge.close()
            val response = client.get("/db")
            response.status shouldBe HttpStatusCode.ServiceUnavailable
            val body = Json.parseToJsonElement(response.bodyAsText()).jsonObject
            body["status"]!!.jsonPrimitive.content shouldBe "DOWN"
            body["error"]!!.jsonPrimitive.content shouldStartWith "PoolClosedException"
        }
    }

    test("an unreachable server answers 503 within the timeout") {
        // A port that was free a moment ago: nothing listens there.
        val port = ServerSocket(0).use { it.localPort }
        val config = MapApplicationConfig("databridge.url" to "postgresql://nobody@127.0.0.1:$port/nowhere?connect_timeout=2")
        testApplication {
            val app = startWith(config, { pool { acquireTimeout = 1.seconds } }) { routing { dataBridgeHealthCheck(timeout = 3.seconds) } }
            client.get("/health/db").status shouldBe HttpStatusCode.ServiceUnavailable
            app.dataBridgeHealth(timeout = 3.seconds).let {
                it.up shouldBe false
                it.roundTrip shouldBe null
                it.error shouldNotBe null
            }
        }
    }
})
