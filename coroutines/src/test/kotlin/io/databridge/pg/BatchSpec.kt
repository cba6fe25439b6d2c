package io.databridge.pg

import io.databridge.embedded.SharedPostgres
import io.databridge.pg.errors.UniqueViolationException
import io.databridge.pg.errors.ValueEncodingException
import io.databridge.pg.protocol.TransactionStatus
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.math.BigDecimal
import java.time.OffsetDateTime
import java.time.ZoneOffset
import java.util.UUID

class BatchSpec : FunSpec({
    val url = SharedPostgres.server.url()
    val columns = "id int4, big int8, amount numeric, name text, doc jsonb, data bytea, at timestamptz, key uuid, flag bool, score float8"
    val insert = "INSERT INTO %s VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"
    val at = OffsetDateTime.of(2024, 2, 29, 12, 30, 0, 123_456_000, ZoneOffset.UTC)

    fun full(i: Int): List<Any?> = listOf(
        i, i * 1_000_003L, BigDecimal.valueOf(i * 100L + 37, 2), "name-$i", """{"i": $i}""", byteArrayOf(i.toByte(), 7),
        at.plusSeconds(i.toLong()), UUID(i.toLong(), 31L * i), i % 2 == 0, i * 0.25,
    )

    suspend fun PgConnection.rowsOf(table: String): List<List<Any?>> =
        query("SELECT big, amount, name, doc::text, data, at, key, flag, score FROM $table ORDER BY id").rows.map { row ->
            listOf(
                row.getLongOrNull(0), row.get<BigDecimal?>(1), row.getStringOrNull(2), row.getStringOrNull(3),
                row.get<ByteArray?>(4)?.toList(), row.get<OffsetDateTime?>(5)?.toInstant(), row.get<UUID?>(6),
                row.get<Boolean?>(7), row.get<Double?>(8),
            )
        }

    test("every set of a mixed-type batch is stored as given, with NULLs and with a column's value class changing") {
        PgConnection.connect(url).use { c ->
            c.simpleQuery("DROP TABLE IF EXISTS b_mixed; CREATE TABLE b_mixed($columns)")
            val sets = listOf(
                full(1),
                List(10) { if (it == 0) 2 else null },
                // int8 from an Int, then a Long, then a BigDecimal; timestamptz from an Instant: one codec, many classes.
                full(3).toMutableList().also { it[1] = 3 * 1_000_003; it[6] = at.plusSeconds(3).toInstant() },
                full(4),
                full(5).toMutableList().also { it[1] = BigDecimal.valueOf(5_000_015L) },
            )
            c.executeBatch(insert.format("b_mixed"), sets).toList() shouldContainExactly List(5) { 1L }
            val stored = c.rowsOf("b_mixed")
            stored[1] shouldBe List(9) { null }
            for (index in listOf(0, 2, 3, 4)) {
                val i = index + 1
                stored[index] shouldBe listOf(
                    i * 1_000_003L, BigDecimal.valueOf(i * 100L + 37, 2), "name-$i", """{"i": $i}""", listOf(i.toByte(), 7.toByte()),
                    at.plusSeconds(i.toLong()).toInstant(),
                    UUID(i.toLong(), 31L * i), i % 2 == 0, i * 0.25,
                )
            }
        }
    }

    test("a value that does not fit in the middle of a batch fails it before anything is sent, even in a transaction") {
        PgConnection.connect(url).use { c ->
            c.simpleQuery("DROP TABLE IF EXISTS b_bad; CREATE TABLE b_bad($columns)")
            val sets = (1..1000).map { full(it) }.toMutableList()
            sets[499] = full(500).toMutableList().also { it[0] = Long.MAX_VALUE }
            c.simpleQuery("BEGIN")
            val e = shouldThrow<ValueEncodingException> { c.executeBatch(insert.format("b_bad"), sets) }
            e.parameterIndex shouldBe 1
            e.reason shouldContain "out of range"
            // Nothing reached the server: the transaction is not aborted and goes on.
            c.transactionStatus shouldBe TransactionStatus.IN_TRANSACTION
            c.executeBatch(insert.format("b_bad"), listOf(full(1))).toList() shouldContainExactly listOf(1L)
            c.simpleQuery("COMMIT")
            c.query("SELECT count(*) FROM b_bad").rows.single().getLong(0) shouldBe 1L
            shouldThrow<ValueEncodingException> {
                c.executeBatch(insert.format("b_bad"), listOf(full(2), full(3).dropLast(1)))
            }.reason shouldContain "takes 10 parameters but 9 were given"
        }
    }

    test("a server error in the middle of a batch stores none of it and the connection goes on") {
        PgConnection.connect(url).use { c ->
            c.simpleQuery("DROP TABLE IF EXISTS b_dup; CREATE TABLE b_dup($columns, PRIMARY KEY (id))")
            val sets = (1..1000).map { full(if (it == 700) 300 else it) }
            shouldThrow<UniqueViolationException> { c.executeBatch(insert.format("b_dup"), sets) }
            c.query("SELECT count(*) FROM b_dup").rows.single().getLong(0) shouldBe 0L
            c.executeBatch(insert.format("b_dup"), (1..1000).map { full(it) }).sum() shouldBe 1000L
            c.query("SELECT sum(big)::int8 FROM b_dup").rows.single().getLong(0) shouldBe (1..1000).sumOf { it * 1_000_003L }
        }
    }

    test("with the statement cache off, each set is parsed again as the unnamed statement") {
        PgConnection.connect("$url?statement_cache_size=0").use { c ->
            c.simpleQuery("DROP TABLE IF EXISTS b_unnamed; CREATE TABLE b_unnamed($columns)")
            c.executeBatch(insert.format("b_unnamed"), (1..50).map { full(it) }).toList() shouldContainExactly List(50) { 1L }
            c.rowsOf("b_unnamed").map { it[2] } shouldBe (1..50).map { "name-$it" }
            c.query("SELECT count(*) FROM pg_prepared_statements").rows.single().getLong(0) shouldBe 0L
        }
    }
})
