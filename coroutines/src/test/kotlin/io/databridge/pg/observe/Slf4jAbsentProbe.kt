package io.databridge.pg.observe

import io.databridge.pg.ConnectOptions
import io.databridge.pg.PgConnection
import io.databridge.pg.logging.Slf4jPresence
import io.databridge.pg.transport.EventLoopGroup
import java.util.function.Function
import kotlin.time.Duration.Companion.milliseconds
import kotlinx.coroutines.runBlocking

/**
 * Run by [Slf4jAbsentSpec] in a class loader without SLF4J: everything that would log (connect, a notice, a slow
 * query, a failing instrumentation, close) must still work. Answers what it saw, as text across the loaders.
 */
class Slf4jAbsentProbe : Function<String, String> {
    override fun apply(url: String): String = EventLoopGroup(size = 1).use { loops ->
        val options = ConnectOptions(
            eventLoopGroup = loops,
            slowQueryThreshold = 1.milliseconds,
            instrumentations = listOf(PgInstrumentation { error("instrumentation-bug") }),
        )
        runBlocking {
            PgConnection.connect(url, options).use { c ->
                c.simpleQuery("DO \$\$ BEGIN RAISE WARNING 'absent'; END \$\$")
                val value = c.query("SELECT pg_sleep(0.01), 41 + 1 AS n").rows.single().getInt("n")
                "slf4j=${Slf4jPresence.available} value=$value open=${c.isOpen}"
            }
        }
    }
}
