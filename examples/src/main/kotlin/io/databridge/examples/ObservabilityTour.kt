package io.databridge.examples

import io.databridge.pg.ConnectOptions
import io.databridge.pg.PgPool
import io.databridge.pg.PgPoolOptions
import io.databridge.pg.micrometer.PgPoolMetrics
import io.databridge.pg.micrometer.PgQueryMetrics
import io.databridge.pg.opentelemetry.PgTracing
import io.micrometer.core.instrument.Tag
import io.micrometer.core.instrument.simple.SimpleMeterRegistry
import io.opentelemetry.context.Context
import io.opentelemetry.extension.kotlin.asContextElement
import io.opentelemetry.sdk.OpenTelemetrySdk
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter
import io.opentelemetry.sdk.trace.SdkTracerProvider
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor
import kotlinx.coroutines.withContext
import kotlin.time.Duration.Companion.milliseconds

/** Slow-query logging, Micrometer metrics and OpenTelemetry spans, each plugged in through the connect options. */
internal suspend fun observabilityTour(url: String): List<Pair<String, Boolean>> {
    val registry = SimpleMeterRegistry()
    val exporter = InMemorySpanExporter.create()
    val openTelemetry = OpenTelemetrySdk.builder()
        .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build())
        .build()
    val requestSpan = openTelemetry.getTracer("tour").spanBuilder("GET /orders").startSpan()

    val metrics = PgQueryMetrics(registry, listOf(Tag.of("pool", "orders")))
    val tracing = PgTracing(openTelemetry) // needs opentelemetry-api and opentelemetry-extension-kotlin
    val options = ConnectOptions(slowQueryThreshold = 250.milliseconds, logParameterValues = false, instrumentations = listOf(metrics, tracing))
    val pool = PgPool.create("$url?pool_max_size=2", PgPoolOptions(connect = options))
    try {
        PgPoolMetrics(pool, "orders").bindTo(registry)
        withContext(Context.current().with(requestSpan).asContextElement()) {
            pool.transaction { tx -> tx.query("SELECT count(*) FROM account") } // span "TRANSACTION …" with BEGIN, SELECT, COMMIT
        }
        requestSpan.end()

        val timed = registry.find("databridge.query").timers().sumOf { it.count() }
        val open = registry.find("databridge.pool.size").gauge()?.value()
        val spans = exporter.finishedSpanItems.filter { it.parentSpanContext.isValid }.map { it.name }
        println("Observability: $timed timed operation(s), pool size gauge $open, spans under the request: $spans")
        return listOf("observability" to (timed >= 3 && open == 1.0 && spans.any { it.startsWith("TRANSACTION") }))
    } finally {
        pool.closeGracefully()
        openTelemetry.close()
    }
}
