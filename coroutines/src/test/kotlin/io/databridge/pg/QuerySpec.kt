package io.databridge.pg

import io.databridge.embedded.SharedPostgres
import io.databridge.pg.errors.ColumnNotFoundException
import io.databridge.pg.errors.ConnectionClosedException
import io.databridge.pg.errors.SyntaxErrorException
import io.databridge.pg.errors.TransactionFailedException
import io.databridge.pg.errors.TypeMismatchException
import io.databridge.pg.errors.UniqueViolationException
import io.databridge.pg.errors.ValueEncodingException
import io.databridge.pg.protocol.TransactionStatus
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.flow.take
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.withTimeout
import java.math.BigDecimal
import java.time.LocalDate
import java.time.OffsetDateTime
import java.time.ZoneOffset
import java.util.UUID

class QuerySpec : FunSpec({
    val url = SharedPostgres.server.url()
    lateinit var conn: PgConnection

    beforeSpec { conn = PgConnection.connect(url) }
    afterSpec { conn.close() }

    test("startup exposes version, parameters, pid and status") {
        conn.serverVersion.major shouldBe conn.parameters.getValue("server_version").substringBefore('.').toInt()
        conn.parameters["client_encoding"] shouldBe "UTF8"
        conn.query("SELECT pg_backend_pid()").rows.single().getInt(0) shouldBe conn.backendPid
        conn.transactionStatus shouldBe TransactionStatus.IDLE
        conn.authenticationMethod shouldBe "trust"
    }

    test("query with parameters returns rows, tag and count; execute returns the count") {
        conn.simpleQuery("DROP TABLE IF EXISTS q_items; CREATE TABLE q_items(id int PRIMARY KEY, name text)")
        conn.execute("INSERT INTO q_items VALUES ($1, $2), ($3, $4)", 1, "one", 2, null) shouldBe 2
        val result = conn.query("SELECT id, name FROM q_items WHERE id >= $1 ORDER BY id", 1)
        result.commandTag shouldBe "SELECT 2"
        result.affectedRows shouldBe 2
        result.columns.map { it.name } shouldContainExactly listOf("id", "name")
        result.rows.map { it.getInt("id") } shouldContainExactly listOf(1, 2)
        result.rows[0].getString("name") shouldBe "one"
        result.rows[1].getStringOrNull("name") shouldBe null
        result.rows[1].get<String?>("name") shouldBe null
        result.rows[0].get<Int>("id") shouldBe 1
        result.rows[0].getLong(0) shouldBe 1L
    }

    test("results of no, one and many rows keep every row in the server's order") {
        val none = conn.query("SELECT g FROM generate_series(1, $1::int4) g", 0)
        none.rows shouldBe emptyList()
        none.affectedRows shouldBe 0L
        conn.query("SELECT g FROM generate_series(1, $1::int4) g", 1).rows.map { it.getInt(0) } shouldContainExactly listOf(1)
        val many = conn.query("SELECT g FROM generate_series(1, $1::int4) g", 2500)
        many.rows.map { it.getInt(0) } shouldContainExactly (1..2500).toList()
        many.affectedRows shouldBe 2500L
        conn.execute("SELECT g FROM generate_series(1, $1::int4) g", 3) shouldBe 3L
    }

    test("row access errors are typed") {
        val row = conn.query("SELECT 1::int4 AS a, NULL::text AS b").rows.single()
        shouldThrow<ColumnNotFoundException> { row.getInt("nope") }.message shouldContain "nope"
        shouldThrow<ColumnNotFoundException> { row.getInt(5) }
        shouldThrow<TypeMismatchException> { row.getString("a") }.message shouldContain "int4"
        shouldThrow<TypeMismatchException> { row.getString("b") }.message shouldContain "NULL"
        shouldThrow<TypeMismatchException> { row.get<String>("b") }
    }

    test("simpleQuery runs scripts with one result per statement") {
        val results = conn.simpleQuery("SELECT 1 AS x; SELECT 'a' AS y, 2::int8 AS z; SET application_name = 'q'")
        results.size shouldBe 3
        results[0].rows.single().getInt("x") shouldBe 1
        results[1].rows.single().getString("y") shouldBe "a"
        results[1].rows.single().getLong("z") shouldBe 2L
        results[2].commandTag shouldBe "SET"
        conn.parameters["application_name"] shouldBe "q"
        shouldThrow<SyntaxErrorException> { conn.simpleQuery("SELEC 1") }
        conn.simpleQuery("SELECT 3").single().rows.single().getInt(0) shouldBe 3
    }

    test("values round-trip through parameters and binary results") {
        val uuid = UUID.randomUUID()
        val ts = OffsetDateTime.of(2024, 2, 29, 12, 30, 45, 123456000, ZoneOffset.UTC)
        val bytes = byteArrayOf(0, 1, -1, 127)
        val row = conn.query(
            "SELECT $1::int4 a, $2::int8 b, $3::numeric c, $4::text d, $5::uuid e, $6::timestamptz f, $7::date g, " +
                "$8::bytea h, $9::int4 i, '1 day 02:00:00'::interval j, '{\"k\": [1, 2]}'::jsonb k",
            42, 9_000_000_000L, BigDecimal("12345.678"), "héllo", uuid, ts, LocalDate.of(1999, 12, 31), bytes, null,
        ).rows.single()
        row.getInt("a") shouldBe 42
        row.getLong("b") shouldBe 9_000_000_000L
        row.getBigDecimal("c") shouldBe BigDecimal("12345.678")
        row.getString("d") shouldBe "héllo"
        row.get<UUID>("e") shouldBe uuid
        row.get<OffsetDateTime>("f").toInstant() shouldBe ts.toInstant()
        row.get<LocalDate>("g") shouldBe LocalDate.of(1999, 12, 31)
        row.get<ByteArray>("h").toList() shouldBe bytes.toList()
        row.getIntOrNull("i") shouldBe null
        row.getObject("j").toString() shouldContain "1"
        row.getObject("k").toString() shouldContain "k"
    }

    test("text results of simpleQuery decode the same values") {
        val row = conn.simpleQuery("SELECT 42::int4 a, 12.5::numeric b, 'x'::text c, DATE '2020-01-02' d, true e").single().rows.single()
        row.getInt("a") shouldBe 42
        row.getBigDecimal("b") shouldBe BigDecimal("12.5")
        row.getString("c") shouldBe "x"
        row.get<LocalDate>("d") shouldBe LocalDate.of(2020, 1, 2)
        row.getBoolean("e") shouldBe true
    }

    test("unknown types come back as text") {
        val row = conn.query("SELECT '(0,1)'::tid AS t").rows.single()
        row.columns.single().typeName shouldBe "oid 27"
        row.getString("t") shouldBe "(0,1)"
    }

    test("a parameter that does not fit fails before sending and the connection stays usable") {
        shouldThrow<ValueEncodingException> { conn.query("SELECT $1::int2", 70000) }.parameterIndex shouldBe 1
        shouldThrow<ValueEncodingException> { conn.query("SELECT $1::text", "a\u0000b") }
        shouldThrow<ValueEncodingException> { conn.query("SELECT $1::int4", 1, 2) }
        conn.query("SELECT $1::int2 AS v", 7).rows.single().getInt("v") shouldBe 7
    }

    test("10,000 concurrent callers pipeline on one connection and each gets its own result") {
        val results = coroutineScope {
            (0 until 10_000).map { i -> async { conn.query("SELECT $1::int4 * 2 AS v", i).rows.single().getInt("v") } }.awaitAll()
        }
        results shouldBe (0 until 10_000).map { it * 2 }
    }

    test("a server error in the middle of a pipeline leaves the others correct") {
        val outcomes = coroutineScope {
            (0 until 100).map { i ->
                async {
                    runCatching {
                        if (i == 50) conn.query("SELECT 1 / $1::int4", 0) else conn.query("SELECT $1::int4 AS v", i).rows.single().getInt(0)
                    }
                }
            }.awaitAll()
        }
        outcomes.forEachIndexed { i, outcome ->
            if (i == 50) outcome.exceptionOrNull()!!.message shouldContain "division by zero"
            else outcome.getOrThrow() shouldBe i
        }
    }

    test("server errors are typed and the connection continues") {
        conn.simpleQuery("DROP TABLE IF EXISTS q_unique; CREATE TABLE q_unique(id int PRIMARY KEY)")
        conn.execute("INSERT INTO q_unique VALUES ($1)", 1)
        shouldThrow<UniqueViolationException> { conn.execute("INSERT INTO q_unique VALUES ($1)", 1) }
        shouldThrow<SyntaxErrorException> { conn.query("SELEC $1", 1) }
        shouldThrow<SyntaxErrorException> { conn.query("SELEC $1", 1) }
        conn.query("SELECT count(*) FROM q_unique").rows.single().getLong(0) shouldBe 1L
    }

    test("executeBatch runs every parameter set in one unit") {
        conn.simpleQuery("DROP TABLE IF EXISTS q_batch; CREATE TABLE q_batch(id int PRIMARY KEY, v text)")
        val counts = conn.executeBatch("INSERT INTO q_batch VALUES ($1, $2)", (1..100).map { listOf(it, "v$it") })
        counts.size shouldBe 100
        counts.all { it == 1L } shouldBe true
        shouldThrow<UniqueViolationException> {
            conn.executeBatch("INSERT INTO q_batch VALUES ($1, $2)", listOf(listOf(101, "a"), listOf(1, "dup")))
        }
        conn.query("SELECT count(*) FROM q_batch").rows.single().getLong(0) shouldBe 100L
    }

    test("stale plan: re-prepared transparently outside a transaction, a clear error inside one") {
        conn.simpleQuery("DROP TABLE IF EXISTS q_stale; CREATE TABLE q_stale(v int); INSERT INTO q_stale VALUES (1)")
        conn.query("SELECT * FROM q_stale").rows.single().getInt("v") shouldBe 1
        conn.simpleQuery("ALTER TABLE q_stale ALTER COLUMN v TYPE text")
        conn.query("SELECT * FROM q_stale").rows.single().getString("v") shouldBe "1"
        conn.simpleQuery("BEGIN")
        conn.query("SELECT * FROM q_stale").rows.single().getString("v") shouldBe "1"
        conn.simpleQuery("ALTER TABLE q_stale ALTER COLUMN v TYPE int8 USING v::int8")
        shouldThrow<TransactionFailedException> { conn.query("SELECT * FROM q_stale") }.message shouldContain "roll it back"
        conn.simpleQuery("ROLLBACK")
        conn.query("SELECT * FROM q_stale").rows.single().getString("v") shouldBe "1"
    }

    test("statement cache size 0 uses unnamed statements and still follows changed results") {
        PgConnection.connect("$url?statement_cache_size=0").use { c ->
            repeat(3) { i -> c.query("SELECT $1::int4 + 1 AS v", i).rows.single().getInt("v") shouldBe i + 1 }
            c.query("SELECT count(*) FROM pg_prepared_statements").rows.single().getLong(0) shouldBe 0L
            c.simpleQuery("DROP TABLE IF EXISTS q_unnamed; CREATE TABLE q_unnamed(v int); INSERT INTO q_unnamed VALUES (5)")
            c.query("SELECT * FROM q_unnamed").rows.single().getInt("v") shouldBe 5
            c.simpleQuery("ALTER TABLE q_unnamed ALTER COLUMN v TYPE text")
            c.query("SELECT * FROM q_unnamed").rows.single().getString("v") shouldBe "5"
            c.query("SELECT * FROM q_unnamed").rows.single().getString("v") shouldBe "5"
        }
    }

    test("the statement cache evicts and closes the least recently used statement") {
        PgConnection.connect("$url?statement_cache_size=2").use { c ->
            for (i in 1..5) c.query("SELECT $i AS v").rows.single().getInt(0) shouldBe i
            c.query("SELECT count(*) FROM pg_prepared_statements").rows.single().getLong(0) shouldBe 2L
        }
    }

    test("stream delivers rows in batches and the connection serves queued calls afterwards") {
        PgConnection.connect(url).use { c ->
            val rows = c.stream("SELECT g FROM generate_series(1, $1::int4) g", 2500, fetchSize = 100).toList()
            rows.map { it.getInt(0) } shouldBe (1..2500).toList()
            coroutineScope {
                val other = async { c.query("SELECT 7").rows.single().getInt(0) }
                c.stream("SELECT g FROM generate_series(1, 10000) g", fetchSize = 10).take(15).toList().size shouldBe 15
                other.await() shouldBe 7
            }
            c.query("SELECT 8").rows.single().getInt(0) shouldBe 8
            shouldThrow<SyntaxErrorException> { c.stream("SELEC 1").toList() }
            c.query("SELECT 9").rows.single().getInt(0) shouldBe 9
        }
    }

    test("notices and parameter changes are observable") {
        PgConnection.connect(url).use { c ->
            coroutineScope {
                val notice = async(start = CoroutineStart.UNDISPATCHED) { withTimeout(5000) { c.notices.first() } }
                val change = async(start = CoroutineStart.UNDISPATCHED) { withTimeout(5000) { c.parameterChanges.first { it.name == "TimeZone" } } }
                c.simpleQuery("DO $$ BEGIN RAISE NOTICE 'hello %', 42; END $$")
                c.simpleQuery("SET TimeZone = 'Europe/Paris'")
                notice.await().primaryMessage shouldBe "hello 42"
                change.await().value shouldBe "Europe/Paris"
            }
            c.parameters["TimeZone"] shouldBe "Europe/Paris"
        }
    }

    test("notifications reach the notifications flow") {
        PgConnection.connect(url).use { c ->
            c.simpleQuery("LISTEN q_channel")
            coroutineScope {
                val received = async(start = CoroutineStart.UNDISPATCHED) { withTimeout(5000) { c.notifications.first() } }
                c.simpleQuery("NOTIFY q_channel, 'payload'")
                received.await().payload shouldBe "payload"
            }
        }
    }

    test("close is idempotent and later calls fail fast") {
        val c = PgConnection.connect(url)
        c.close()
        c.close()
        c.isOpen shouldBe false
        shouldThrow<ConnectionClosedException> { c.query("SELECT 1") }
    }

    test("the Ktor transport connects, authenticates and queries") {
        PgConnection.connect(url, ConnectOptions(transport = TransportKind.KTOR)).use { c ->
            c.query("SELECT $1::text AS v", "ktor").rows.single().getString("v") shouldBe "ktor"
            coroutineScope { (1..200).map { i -> async { c.query("SELECT $1::int4", i).rows.single().getInt(0) } }.awaitAll() } shouldBe (1..200).toList()
        }
    }
})
