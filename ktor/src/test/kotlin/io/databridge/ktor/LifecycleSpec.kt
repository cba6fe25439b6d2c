package io.databridge.ktor

import io.databridge.embedded.kotest.PostgresDatabaseExtension
import io.kotest.core.extensions.install
import io.databridge.pg.pool.PoolClosedException
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.longs.shouldBeGreaterThanOrEqual
import io.kotest.matchers.shouldBe
import io.ktor.server.application.Application
import io.ktor.server.application.install
import io.ktor.server.application.ApplicationStopped
import io.ktor.server.testing.TestApplication
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.flow.first

class LifecycleSpec : FunSpec({
    val db = install(PostgresDatabaseExtension("ktor-lifecycle"))

    test("stopping the application closes every pooled and listening connection") {
        lateinit var app: Application
        var closedWhenStopped: Boolean? = null
        val testApp = TestApplication {
            environment { config = configFor(db, "ktor_lifecycle", "databridge.pool.minSize" to "2", "databridge.pool.maxSize" to "4") }
            application {
                install(DataBridge) { environment = emptyMap() }
                // Subscribed after the plugin, so it runs after the pool was closed.
                monitor.subscribe(ApplicationStopped) { closedWhenStopped = runCatching { dataBridge.stats() }.getOrNull()?.size == 0 }
                app = this
            }
        }
        testApp.start()
        // Four connections busy at once, and the listener's.
        coroutineScope { List(4) { async { app.dataBridge.withConnection { it.query("SELECT pg_sleep(0.2)") } } }.awaitAll() }
        app.dataBridgeListener().listen("lifecycle").first()
        backends(db, "ktor_lifecycle") shouldBeGreaterThanOrEqual 5L

        testApp.stop()

        backends(db, "ktor_lifecycle") shouldBe 0L
        closedWhenStopped shouldBe true
        shouldThrow<PoolClosedException> { app.dataBridge.query("SELECT 1") }
    }
})
