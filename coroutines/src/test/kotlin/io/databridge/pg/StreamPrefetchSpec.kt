package io.databridge.pg

import io.databridge.embedded.SharedPostgres
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.ints.shouldBeGreaterThanOrEqual
import io.kotest.matchers.longs.shouldBeLessThan
import io.kotest.matchers.shouldBe
import kotlinx.coroutines.delay

/** A streamed result overlaps fetching with collecting, and still holds at most two batches. */
class StreamPrefetchSpec : FunSpec({
    val url = SharedPostgres.server.url()

    for (kind in TransportKind.entries) {
        test("$kind: the next batch arrives while the collector works through the current one, and no more than two are read ahead") {
            PgConnection.connect(url, ConnectOptions(transport = kind)).use { c ->
                val fetch = 100
                val batches = 10
                // A DataRow of one 1000-byte text column: type, length, column count, value length, value.
                val rowBytes = 1L + 4 + 2 + 4 + 1000
                val start = c.transportStats.bytesRead
                var seen = 0
                var prefetched = 0
                var maxAhead = 0L
                c.stream("SELECT repeat('x', 1000) FROM generate_series(1, $1::int4)", fetch * batches, fetchSize = fetch).collect { row ->
                    row.getString(0).length shouldBe 1000
                    if (seen % fetch == 0) {
                        // A slow collector at the start of each batch: the following batch should arrive meanwhile.
                        delay(200)
                        val read = c.transportStats.bytesRead - start
                        if (read >= (seen + 2L * fetch) * rowBytes) prefetched++
                    }
                    maxAhead = maxOf(maxAhead, c.transportStats.bytesRead - start - seen * rowBytes)
                    seen++
                }
                seen shouldBe fetch * batches
                // The last batch has nothing behind it; a loaded machine may be late once or twice more.
                prefetched shouldBeGreaterThanOrEqual (batches - 1) / 2
                // Two batches plus the statement's description, PortalSuspended and the rest of the protocol chatter
                // (a third batch would be 100 KB more).
                maxAhead shouldBeLessThan 2 * fetch * rowBytes + 8192
            }
        }
    }
})
