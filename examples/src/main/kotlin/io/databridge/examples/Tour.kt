package io.databridge.examples

import io.databridge.embedded.EmbeddedPostgres
import io.databridge.examples.ktor.todoServiceTour
import io.databridge.pg.PgConnection
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.flow.count
import kotlinx.coroutines.flow.flowOf
import kotlinx.coroutines.flow.fold
import kotlinx.coroutines.runBlocking
import java.math.BigDecimal
import java.time.OffsetDateTime
import java.util.UUID
import kotlin.system.exitProcess

/**
 * The tour the README's first command runs: a throwaway PostgreSQL, then data-bridge's engine on it.
 * Every step checks what it got, so a broken capability makes the tour exit non-zero.
 */
fun main() {
    exitProcess(if (runBlocking { runTour() }) 0 else 1)
}

/** Starts the embedded default server, runs every step of the tour on it, and says whether all of them held. */
suspend fun runTour(): Boolean =
    // Logical WAL lets the change-data-capture step read the database's committed changes.
    EmbeddedPostgres.start { setting("wal_level", "logical") }.use { pg ->
        val url = pg.url()
        println("Embedded PostgreSQL is up at $url")
        val migrated = migrationTour(url)
        val engine = PgConnection.connect(url).use { connection -> tour(connection) }
        val steps = migrated + poolTour(url) + dslTour(url) + entityTour(url) + listenTour(url) + replicationTour(url) +
            observabilityTour(url) + listOf("java facade" to JavaTour.run(url)) + todoServiceTour(url)
        steps.filterNot { it.second }.forEach { println("FAILED: ${it.first}") }
        (engine && steps.all { it.second }).also { if (it) println("Tour complete.") }
    }

private suspend fun tour(db: PgConnection): Boolean = coroutineScope {
    println("Connected: PostgreSQL ${db.serverVersion}, backend pid ${db.backendPid}, auth ${db.authenticationMethod}")

    val alice = UUID.randomUUID()
    db.execute("INSERT INTO account (id, owner, balance) VALUES ($1, $2, $3)", alice, "alice", BigDecimal("120.50"))
    db.executeBatch(
        "INSERT INTO account (id, owner, balance) VALUES ($1, $2, $3)",
        listOf(
            listOf(UUID.randomUUID(), "bob", BigDecimal("80.00")),
            listOf(UUID.randomUUID(), "carol", BigDecimal("42.25")),
        ),
    )
    val row = db.query("SELECT owner, balance, opened FROM account WHERE id = $1", alice).rows.single()
    val owner = row.getString("owner")
    val balance = row.getBigDecimal("balance")
    val opened = row.get<OffsetDateTime>("opened")
    println("Typed row: $owner has $balance since $opened")

    val balances = (1..100).map { i -> async { db.query("SELECT $1::int * 2 AS doubled", i).rows.single().getInt("doubled") } }.awaitAll()
    println("100 concurrent queries pipelined on one connection; sum of results = ${balances.sum()}")

    val total = db.stream("SELECT g FROM generate_series(1, 100000) g", fetchSize = 5_000)
        .fold(0L) { acc, r -> acc + r.getInt(0) }
    println("Streamed 100000 rows through a portal; their sum = $total")

    val copied = db.copyIn("COPY account (id, owner, balance) FROM STDIN (FORMAT csv)", flowOf("${UUID.randomUUID()},dave,7.00\n".toByteArray()))
    val exported = db.copyOut("COPY account TO STDOUT (FORMAT csv)").count()
    println("COPY loaded $copied row(s); COPY TO STDOUT sent $exported chunk(s)")

    val checks = listOf(
        "typed row" to (owner == "alice" && balance == BigDecimal("120.50")),
        "pipelining" to (balances.sum() == 2 * (1..100).sum()),
        "streaming" to (total == 100_000L * 100_001L / 2),
        "copy" to (copied == 1L && exported > 0),
    )
    checks.filterNot { it.second }.forEach { println("FAILED: ${it.first}") }
    checks.all { it.second }
}
