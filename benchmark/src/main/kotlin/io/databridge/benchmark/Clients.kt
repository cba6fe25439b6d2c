package io.databridge.benchmark

import io.databridge.benchmark.clients.DataBridgeClient
import io.databridge.benchmark.clients.DataBridgeDslClient
import io.databridge.benchmark.clients.DataBridgeEntityClient
import io.databridge.benchmark.clients.ENTITY_ONLY
import io.databridge.benchmark.clients.ExposedClient
import io.databridge.benchmark.clients.JasyncClient
import io.databridge.benchmark.clients.JooqClient
import io.databridge.benchmark.clients.PgJdbcClient
import io.databridge.benchmark.clients.W1Caller
import io.databridge.benchmark.clients.R2dbcClient
import io.databridge.benchmark.clients.VertxClient
import io.databridge.pg.TransportKind

/** What a client row stands for in the report: our driver, a raw peer driver, or a DSL on top of one. */
internal enum class ClientRole { OURS, PEER, DSL }

/**
 * One row of the report. [create] builds the client; when it is null the row prints [unavailable]
 * (why it cannot run here). A DSL names the raw client it runs on in [driver]. A row that only varies one
 * workload of another runs just [workloads] and gives [skipped] as the reason for the rest.
 */
internal class ClientEntry(
    val id: String,
    val label: String,
    val role: ClientRole,
    val create: (() -> BenchmarkClient)?,
    val unavailable: String = "",
    val driver: String? = null,
    val workloads: Set<Workload> = Workload.entries.toSet(),
    val skipped: String = "",
)

/** Every client the benchmark knows, in report order. */
internal object Clients {
    private val jooq = if (Runtime.version().feature() >= JOOQ_MIN_JAVA) {
        ClientEntry("jooq", "jOOQ 3.21.9 (pgjdbc)", ClientRole.DSL, ::JooqClient, driver = "pgjdbc")
    } else {
        ClientEntry(
            "jooq", "jOOQ 3.21.9 (pgjdbc)", ClientRole.DSL, create = null,
            unavailable = "n/a: jOOQ 3.21 is compiled for Java $JOOQ_MIN_JAVA+, this JVM is ${Runtime.version().feature()}",
            driver = "pgjdbc",
        )
    }

    val all: List<ClientEntry> = listOf(
        ClientEntry("data-bridge-nio", "data-bridge (NIO)", ClientRole.OURS, { DataBridgeClient(TransportKind.NIO) }),
        ClientEntry("data-bridge-ktor", "data-bridge (Ktor)", ClientRole.OURS, { DataBridgeClient(TransportKind.KTOR) }),
        w1Variant("data-bridge-nio-blocking-call", W1Caller.BLOCKING_CALL),
        w1Variant("data-bridge-nio-coroutine", W1Caller.COROUTINE),
        w1Variant("data-bridge-nio-loop", W1Caller.LOOP),
        ClientEntry("pgjdbc", "pgjdbc 42.7.14 + HikariCP", ClientRole.PEER, ::PgJdbcClient),
        ClientEntry("vertx", "vertx-pg-client 5.0.12", ClientRole.PEER, ::VertxClient),
        ClientEntry("r2dbc", "r2dbc-postgresql 1.1.3 + r2dbc-pool", ClientRole.PEER, ::R2dbcClient),
        ClientEntry("jasync", "jasync-postgresql 2.2.4", ClientRole.PEER, ::JasyncClient),
        ClientEntry("data-bridge-dsl-nio", "data-bridge DSL (NIO)", ClientRole.DSL, { DataBridgeDslClient(TransportKind.NIO) }, driver = "data-bridge-nio"),
        ClientEntry("data-bridge-dsl-ktor", "data-bridge DSL (Ktor)", ClientRole.DSL, { DataBridgeDslClient(TransportKind.KTOR) }, driver = "data-bridge-ktor"),
        ClientEntry(
            "data-bridge-entity-nio", "data-bridge entities (NIO)", ClientRole.DSL, { DataBridgeEntityClient(TransportKind.NIO) },
            driver = "data-bridge-dsl-nio",
            workloads = setOf(Workload.W1_POINT_SELECT, Workload.W4_MIXED_READ, Workload.W5_BATCH_INSERT),
            skipped = "n/a: $ENTITY_ONLY",
        ),
        ClientEntry("exposed", "Exposed 1.0.0 (pgjdbc)", ClientRole.DSL, ::ExposedClient, driver = "pgjdbc"),
        jooq,
    )

    /** A data-bridge (NIO) row that differs from the plain one only in how W1's caller reaches the engine. */
    private fun w1Variant(id: String, caller: W1Caller): ClientEntry = ClientEntry(
        id, "data-bridge (NIO)${caller.label}", ClientRole.OURS, { DataBridgeClient(TransportKind.NIO, caller) },
        workloads = setOf(Workload.W1_POINT_SELECT),
        skipped = "n/a: the same calls as data-bridge (NIO); this row differs only in W1's caller",
    )

    /** The entry with [id], for the child JVM of the stream workload. */
    fun byId(id: String): ClientEntry = all.firstOrNull { it.id == id }
        ?: throw IllegalArgumentException("unknown client '$id'; known: ${all.joinToString { it.id }}")

    private const val JOOQ_MIN_JAVA = 21
}
