package io.databridge.dsl

import io.databridge.dsl.exec.execute
import io.databridge.dsl.exec.list
import io.databridge.embedded.SharedPostgres
import io.databridge.pg.ConnectOptions
import io.databridge.pg.PgPool
import io.databridge.pg.PgPoolOptions
import io.databridge.pg.opentelemetry.PgTracing
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.shouldBe
import io.opentelemetry.api.common.AttributeKey
import io.opentelemetry.sdk.OpenTelemetrySdk
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter
import io.opentelemetry.sdk.trace.SdkTracerProvider
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor

private object TracedNotes : Table("dsl_traced_notes") {
    val id = int4("id").primaryKey()
    val body = text("body")
}

class DslTracingSpec : FunSpec({
    test("DSL statements get spans named after their SQL operation, with the rendered, parameterized text") {
        val exporter = InMemorySpanExporter.create()
        val openTelemetry = OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build())
            .build()
        val options = PgPoolOptions(connect = ConnectOptions(instrumentations = listOf(PgTracing(openTelemetry))))
        val pool = PgPool.create(SharedPostgres.server.url() + "?pool_max_size=1", options)
        try {
            pool.execute("DROP TABLE IF EXISTS dsl_traced_notes")
            pool.execute("CREATE TABLE dsl_traced_notes (id int4 PRIMARY KEY, body text NOT NULL)")
            exporter.reset()
            pool.execute(TracedNotes.insert { it[TracedNotes.id] = 1; it[TracedNotes.body] = "dsl-value" })
            pool.list(select(TracedNotes.body).from(TracedNotes)) shouldBe listOf("dsl-value")
            pool.execute("DROP TABLE dsl_traced_notes")
        } finally {
            pool.closeGracefully()
        }
        val spans = exporter.finishedSpanItems // before closing: shutting the exporter down empties it
        openTelemetry.close()
        spans.map { it.name } shouldContainExactly listOf("INSERT postgres", "SELECT postgres", "DROP postgres")
        spans.map { it.attributes.get(AttributeKey.stringKey("db.operation.name")) } shouldContainExactly
            listOf("INSERT", "SELECT", "DROP")
        spans.forEach { span -> (span.attributes.get(AttributeKey.stringKey("db.query.text"))!!.contains("dsl-value")) shouldBe false }
    }
})
