package io.databridge.benchmark

import io.databridge.benchmark.clients.DataBridgeClient
import io.databridge.benchmark.clients.ExposedClient
import io.databridge.benchmark.clients.JasyncClient
import io.databridge.benchmark.clients.JooqClient
import io.databridge.benchmark.clients.PgJdbcClient
import io.databridge.benchmark.clients.R2dbcClient
import io.databridge.benchmark.clients.VertxClient
import io.databridge.pg.TransportKind

/** What a client row stands for in the report: our driver, a raw peer driver, or a DSL on top of one. */
internal enum class ClientRole { OURS, PEER, DSL }

/**
 * One row of the report. [create] builds the client; when it is null the row prints [unavailable]
 * (why it cannot run here).
 */
internal class ClientEntry(
    val id: String,
    val label: String,
    val role: ClientRole,
    val create: (() -> BenchmarkClient)?,
    val unavailable: String = "",
)

/** Every client the benchmark knows, in report order. */
internal object Clients {
    private val jooq = if (Runtime.version().feature() >= JOOQ_MIN_JAVA) {
        ClientEntry("jooq", "jOOQ 3.21.9 (pgjdbc)", ClientRole.DSL, ::JooqClient)
    } else {
        ClientEntry(
            "jooq", "jOOQ 3.21.9 (pgjdbc)", ClientRole.DSL, create = null,
            unavailable = "n/a: jOOQ 3.21 is compiled for Java $JOOQ_MIN_JAVA+, this JVM is ${Runtime.version().feature()}",
        )
    }

    val all: List<ClientEntry> = listOf(
        ClientEntry("data-bridge-nio", "data-bridge (NIO)", ClientRole.OURS, { DataBridgeClient(TransportKind.NIO) }),
        ClientEntry("data-bridge-ktor", "data-bridge (Ktor)", ClientRole.OURS, { DataBridgeClient(TransportKind.KTOR) }),
        ClientEntry("pgjdbc", "pgjdbc 42.7.14 + HikariCP", ClientRole.PEER, ::PgJdbcClient),
        ClientEntry("vertx", "vertx-pg-client 5.0.12", ClientRole.PEER, ::VertxClient),
        ClientEntry("r2dbc", "r2dbc-postgresql 1.1.3 + r2dbc-pool", ClientRole.PEER, ::R2dbcClient),
        ClientEntry("jasync", "jasync-postgresql 2.2.4", ClientRole.PEER, ::JasyncClient),
        ClientEntry("exposed", "Exposed 1.0.0 (pgjdbc)", ClientRole.DSL, ::ExposedClient),
        jooq,
    )

    /** The entry with [id], for the child JVM of the stream workload. */
    fun byId(id: String): ClientEntry = all.firstOrNull { it.id == id }
        ?: throw IllegalArgumentException("unknown client '$id'; known: ${all.joinToString { it.id }}")

    private const val JOOQ_MIN_JAVA = 21
}
