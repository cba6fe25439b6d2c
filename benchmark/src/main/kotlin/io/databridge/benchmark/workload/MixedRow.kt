package io.databridge.benchmark.workload

import java.math.BigDecimal
import java.time.Instant
import java.time.OffsetDateTime
import java.time.ZoneOffset
import java.util.UUID

/** One row of the ten mixed columns used by W4 and W5, generated deterministically from its index. */
public class MixedRow(
    public val int4: Int,
    public val int8: Long,
    public val text: String,
    public val numeric: BigDecimal,
    public val ts: OffsetDateTime,
    public val uuid: UUID,
    public val bool: Boolean,
    public val float8: Double,
    public val jsonb: String,
    public val bytea: ByteArray,
) {
    /** Builds rows. */
    public companion object {
        /** The row with index [i]; the same index always gives the same values. */
        public fun of(i: Int): MixedRow = MixedRow(
            int4 = i,
            int8 = i * 1_000_003L,
            text = "text-$i-" + "x".repeat(i % 20),
            numeric = BigDecimal.valueOf(i * 100L + 37, 2),
            ts = Instant.ofEpochSecond(1_700_000_000L + i * 61L, (i % 1000) * 1000L).atOffset(ZoneOffset.UTC),
            uuid = UUID(i.toLong(), i * 31L),
            bool = i % 2 == 0,
            float8 = i * 0.25,
            jsonb = """{"i": $i, "s": "v$i"}""",
            bytea = ByteArray(32) { (i + it).toByte() },
        )

        /** Rows 1..[count]. */
        public fun range(count: Int): List<MixedRow> = (1..count).map(::of)
    }
}
