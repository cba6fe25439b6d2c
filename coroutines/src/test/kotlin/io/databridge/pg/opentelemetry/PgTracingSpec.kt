package io.databridge.pg.opentelemetry

import io.databridge.embedded.SharedPostgres
import io.databridge.pg.ConnectOptions
import io.databridge.pg.EngineClasses
import io.databridge.pg.PgConnection
import io.databridge.pg.PgPool
import io.databridge.pg.PgPoolOptions
import io.databridge.pg.errors.PgServerException
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldBeEmpty
import io.kotest.matchers.collections.shouldContain
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldNotContain
import io.opentelemetry.api.common.AttributeKey
import io.opentelemetry.api.trace.SpanKind
import io.opentelemetry.api.trace.StatusCode
import io.opentelemetry.context.Context
import io.opentelemetry.extension.kotlin.asContextElement
import io.opentelemetry.sdk.OpenTelemetrySdk
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter
import io.opentelemetry.sdk.trace.SdkTracerProvider
import io.opentelemetry.sdk.trace.data.SpanData
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.flow.flowOf
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.withContext

class PgTracingSpec : FunSpec({
    val server = SharedPostgres.server
    val url = server.url()
    val exporter = InMemorySpanExporter.create()
    val openTelemetry = OpenTelemetrySdk.builder()
        .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build())
        .build()
    val tracer = openTelemetry.getTracer("test")
    val options = ConnectOptions(instrumentations = listOf(PgTracing(openTelemetry)))

    beforeTest { exporter.reset() }
    afterSpec { openTelemetry.close() }

    fun spans(): List<SpanData> = exporter.finishedSpanItems
    fun SpanData.attr(key: String): Any? = attributes.get(AttributeKey.stringKey(key)) ?: attributes.get(AttributeKey.longKey(key))

    test("a query's span follows the database conventions and is a child of the caller's span across Dispatchers.IO") {
        val pool = PgPool.create(url, PgPoolOptions(connect = options))
        val user = tracer.spanBuilder("user-work").startSpan()
        try {
            withContext(Context.current().with(user).asContextElement()) {
                withContext(Dispatchers.IO) { pool.query("SELECT $1::int AS n", 7) }
            }
        } finally {
            user.end()
            pool.closeGracefully()
        }
        val query = spans().single { it.name == "SELECT postgres" }
        query.kind shouldBe SpanKind.CLIENT
        query.parentSpanId shouldBe user.spanContext.spanId
        query.traceId shouldBe user.spanContext.traceId
        query.attr("db.system.name") shouldBe "postgresql"
        query.attr("db.system") shouldBe "postgresql"
        query.attr("db.namespace") shouldBe "postgres"
        query.attr("db.operation.name") shouldBe "SELECT"
        query.attr("db.query.text") shouldBe "SELECT \$1::int AS n"
        query.attr("server.address") shouldBe server.host
        query.attr("server.port") shouldBe server.port.toLong()
        query.attr("db.response.returned_rows") shouldBe 1L
        query.status.statusCode shouldBe StatusCode.UNSET
    }

    test("the statements of a transaction block are children of its span, which is a child of the caller's") {
        val pool = PgPool.create(url, PgPoolOptions(connect = options))
        val user = tracer.spanBuilder("user-work").startSpan()
        try {
            withContext(Context.current().with(user).asContextElement()) {
                pool.transaction { tx ->
                    tx.query("SELECT 1")
                    withContext(Dispatchers.IO) { pool.execute("CREATE TEMP TABLE traced (id int)") }
                    pool.stream("SELECT generate_series(1, 3)").toList()
                }
            }
        } finally {
            user.end()
            pool.closeGracefully()
        }
        val transaction = spans().single { it.name == "TRANSACTION postgres" }
        transaction.parentSpanId shouldBe user.spanContext.spanId
        transaction.attr("db.query.text") shouldBe "BEGIN"
        val children = spans().filter { it.parentSpanId == transaction.spanId }.sortedBy { it.startEpochNanos }
        children.map { it.name } shouldContainExactly listOf(
            "BEGIN postgres", "SELECT postgres", "CREATE postgres", "SELECT postgres", "COMMIT postgres",
        )
        children[3].attr("db.response.returned_rows") shouldBe 3L
    }

    test("a failed statement has an error status, its SQLSTATE and error type, and no values in the status") {
        PgConnection.connect(url, options).use { c ->
            c.execute("CREATE TEMP TABLE unique_ids (id text PRIMARY KEY)")
            c.execute("INSERT INTO unique_ids VALUES ($1)", "value-in-detail")
            shouldThrow<PgServerException> { c.execute("INSERT INTO unique_ids VALUES ($1)", "value-in-detail") }
        }
        val failed = spans().filter { it.name == "INSERT postgres" }[1]
        failed.status.statusCode shouldBe StatusCode.ERROR
        failed.status.description shouldNotContain "value-in-detail"
        failed.attr("db.response.status_code") shouldBe "23505"
        failed.attr("error.type") shouldBe "23505"
    }

    test("scripts over the simple protocol are traced with their literals replaced") {
        PgConnection.connect(url, options).use { c -> c.simpleQuery("SELECT 'a-secret-literal', 42 -- comment 'x'") }
        val script = spans().single()
        script.name shouldBe "SELECT postgres"
        script.attr("db.query.text") shouldBe "SELECT ?, ?"
    }

    test("a batch and a COPY get spans with their operation names") {
        PgConnection.connect(url, options).use { c ->
            c.execute("CREATE TEMP TABLE copied (id int)")
            c.executeBatch("INSERT INTO copied VALUES ($1)", listOf(listOf(1), listOf(2)))
            c.copyIn("COPY copied FROM STDIN", flowOf("3\n4\n".toByteArray())) shouldBe 2L
            c.copyOut("COPY copied TO STDOUT").toList().size shouldBe 4
        }
        val batch = spans().single { it.name == "BATCH INSERT postgres" }
        batch.attr("db.operation.batch.size") shouldBe 2L
        batch.attr("db.operation.name") shouldBe "BATCH INSERT"
        spans().filter { it.name == "COPY postgres" }.map { it.attr("db.query.text") } shouldContainExactly listOf(
            "COPY copied FROM STDIN", "COPY copied TO STDOUT",
        )
    }

    test("without instrumentations a connection carries nothing to call") {
        PgConnection.connect(url).use { it.instruments shouldBe null }
        spans().map { it.name } shouldContainExactly emptyList()
    }

    test("only io.databridge.pg.opentelemetry refers to OpenTelemetry") {
        val referring = EngineClasses.referringTo("io/opentelemetry/")
        referring.filter { !it.startsWith("io/databridge/pg/opentelemetry/") }.shouldBeEmpty()
        referring shouldContain "io/databridge/pg/opentelemetry/PgTracing.class"
    }
})
