package io.databridge.dsl.migrate

import io.databridge.embedded.kotest.PostgresDatabaseExtension
import io.databridge.pg.PgConnection
import io.kotest.core.extensions.install
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.io.File
import java.util.concurrent.TimeUnit
import kotlin.time.Duration
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.delay
import kotlinx.coroutines.withContext
import kotlinx.coroutines.withTimeoutOrNull

/**
 * Runners started together apply each migration exactly once. The test holds the migration lock itself until every
 * runner is seen polling for it, so they really contend, then lets them go.
 */
class MigrationConcurrencySpec : FunSpec({
    val db = install(PostgresDatabaseExtension("migrate-concurrency"))
    val config = MigrationConfig(locations = listOf("classpath:$SETS/concurrent"))
    val scripts = listOf("V1__create_effects.sql", "V2__fill_items.sql", "V3__index_concurrently.sql", "V4__add_column.sql", "R__effects_view.sql")

    suspend fun waitUntil(what: String, timeout: Duration = 120.seconds, condition: suspend () -> Boolean) {
        withTimeoutOrNull(timeout) { while (!condition()) delay(50) } ?: throw AssertionError("timed out waiting until $what")
    }

    /** How many backends named [prefix]… last ran the lock poll (so they wait for the lock). */
    suspend fun pollingRunners(holder: PgConnection, prefix: String): Long =
        holder.query(
            "SELECT count(*) FROM pg_stat_activity WHERE application_name LIKE $1 AND query LIKE '%pg_try_advisory_lock%'",
            "$prefix%",
        ).rows.single().getLong(0)

    suspend fun checkAppliedOnce(url: String) {
        onDb(url) { c ->
            c.query("SELECT migration, count(*) FROM effects GROUP BY migration ORDER BY migration").rows
                .map { it.getString(0) to it.getLong(1) } shouldBe listOf("R" to 1L, "V1" to 1L, "V2" to 1L, "V3" to 1L, "V4" to 1L)
            c.query("SELECT script FROM databridge_schema_history WHERE success ORDER BY installed_rank").rows
                .map { it.getString(0) } shouldBe scripts
            c.query("SELECT count(*) FROM pg_index WHERE indexrelid = 'item_name'::regclass AND indisvalid").rows.single().getLong(0) shouldBe 1L
        }
    }

    test("8 runners on separate connections started together apply each migration exactly once") {
        val url = schemaUrl(db, "c_coroutines")
        val key = MigrationLock.keyFor("c_coroutines.databridge_schema_history")
        val results = PgConnection.connect(url).use { holder ->
            holder.query("SELECT pg_advisory_lock($1)", key)
            coroutineScope {
                val runs = (1..8).map { i -> async(Dispatchers.Default) { Migrator("$url&application_name=c_runner_$i", config).migrate() } }
                waitUntil("8 runners poll the lock") { pollingRunners(holder, "c_runner_") == 8L }
                holder.query("SELECT pg_advisory_unlock($1)", key)
                runs.awaitAll()
            }
        }
        results.sumOf { it.applied.size } shouldBe scripts.size
        results.count { it.applied.isNotEmpty() } shouldBe 1
        results.forEach { it.currentVersion shouldBe MigrationVersion.parse("4") }
        checkAppliedOnce(url)
    }

    test("a second JVM running MigrateMain and an in-process runner started together apply each migration exactly once") {
        val url = schemaUrl(db, "c_jvms")
        val key = MigrationLock.keyFor("c_jvms.databridge_schema_history")
        val classpath = System.getProperty("surefire.test.class.path") ?: System.getProperty("java.class.path")
        val java = File(System.getProperty("java.home"), "bin/java").path
        val output = File.createTempFile("migrate-main", ".out")
        val child = ProcessBuilder(
            java, "-cp", classpath, MigrateMain::class.java.name, "migrate",
            "--url", "$url&application_name=c_jvm_child", "--locations", "classpath:$SETS/concurrent",
        ).redirectErrorStream(true).redirectOutput(output).start()
        try {
            val inProcess = PgConnection.connect(url).use { holder ->
                holder.query("SELECT pg_advisory_lock($1)", key)
                coroutineScope {
                    val run = async(Dispatchers.Default) { Migrator("$url&application_name=c_jvm_parent", config).migrate() }
                    waitUntil("both JVMs poll the lock") { pollingRunners(holder, "c_jvm_") == 2L }
                    holder.query("SELECT pg_advisory_unlock($1)", key)
                    run.await()
                }
            }
            val exited = withContext(Dispatchers.IO) { child.waitFor(120, TimeUnit.SECONDS) }
            exited shouldBe true
            val printed = output.readText()
            child.exitValue() shouldBe MigrateMain.EXIT_OK
            val childApplied = Regex("applied (\\d+) migration").find(printed)?.groupValues?.get(1)?.toInt()
                ?: throw AssertionError("MigrateMain printed no result: $printed")
            printed shouldContain "current version 4"
            (childApplied + inProcess.applied.size) shouldBe scripts.size
            checkAppliedOnce(url)
        } finally {
            child.destroyForcibly()
            output.delete()
        }
    }
})
