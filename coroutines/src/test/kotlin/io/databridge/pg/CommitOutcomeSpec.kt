package io.databridge.pg

import io.databridge.embedded.SharedPostgres
import io.databridge.pg.errors.CommitOutcomeUnknownException
import io.databridge.pg.errors.ConnectionClosedException
import io.databridge.pg.errors.DataBridgeException
import io.kotest.assertions.nondeterministic.eventually
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldBeEmpty
import io.kotest.matchers.collections.shouldContainAll
import io.kotest.matchers.ints.shouldBeGreaterThan
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.types.shouldBeInstanceOf
import java.util.concurrent.ConcurrentHashMap
import java.util.concurrent.atomic.AtomicInteger
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.async
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.delay
import kotlinx.coroutines.isActive
import kotlinx.coroutines.launch
import kotlinx.coroutines.withTimeout

/**
 * A connection lost after COMMIT was sent and before its answer raises CommitOutcomeUnknownException; one lost
 * earlier raises the plain ConnectionClosedException, and such a transaction really is absent. COMMITs are made slow
 * by a deferred constraint trigger that sleeps, so backends can be terminated while they run them.
 */
class CommitOutcomeSpec : FunSpec({
    val url = SharedPostgres.server.url()
    lateinit var admin: PgConnection

    beforeSpec {
        admin = PgConnection.connect(url)
        admin.simpleQuery(
            """
            DROP TABLE IF EXISTS commit_slow, commit_load;
            CREATE TABLE commit_slow(id int PRIMARY KEY);
            CREATE TABLE commit_load(id int PRIMARY KEY);
            CREATE OR REPLACE FUNCTION commit_outcome_sleep() RETURNS trigger LANGUAGE plpgsql AS
              'BEGIN PERFORM pg_sleep(TG_ARGV[0]::float8); RETURN NULL; END';
            CREATE CONSTRAINT TRIGGER slow_commit AFTER INSERT ON commit_slow DEFERRABLE INITIALLY DEFERRED
              FOR EACH ROW EXECUTE FUNCTION commit_outcome_sleep('60');
            CREATE CONSTRAINT TRIGGER slow_commit AFTER INSERT ON commit_load DEFERRABLE INITIALLY DEFERRED
              FOR EACH ROW EXECUTE FUNCTION commit_outcome_sleep('0.005');
            """.trimIndent(),
        )
    }
    afterSpec { admin.close() }

    suspend fun present(table: String): Set<Int> = admin.query("SELECT id FROM $table").rows.map { it.getInt(0) }.toSet()

    /** Waits until backend [pid] runs COMMIT, then terminates it. */
    suspend fun terminateDuringCommit(pid: Int) {
        eventually(10.seconds) {
            admin.query("SELECT query FROM pg_stat_activity WHERE pid = $1 AND state = 'active'", pid)
                .rows.map { it.getString(0) } shouldBe listOf("COMMIT")
        }
        admin.query("SELECT pg_terminate_backend($1)", pid)
    }

    test("a connection lost while COMMIT runs: CommitOutcomeUnknownException") {
        PgConnection.connect(url).use { c ->
            val failure = coroutineScope {
                val outcome = async { runCatching { c.transaction { tx -> tx.execute("INSERT INTO commit_slow VALUES (1)") } } }
                terminateDuringCommit(c.backendPid)
                outcome.await().exceptionOrNull()
            }
            val unknown = failure.shouldBeInstanceOf<CommitOutcomeUnknownException>()
            unknown.message shouldContain "may or may not have committed"
            unknown.cause.shouldBeInstanceOf<ConnectionClosedException>()
            unknown.transactionId shouldBe null
        }
        // Terminated inside the deferred trigger, before the commit record: this one did roll back.
        present("commit_slow").shouldBeEmpty()
    }

    test("a connection lost before COMMIT was sent: ConnectionClosedException, and the transaction is absent") {
        PgConnection.connect(url).use { c ->
            val failure = shouldThrow<DataBridgeException> {
                c.transaction { tx ->
                    tx.execute("INSERT INTO commit_slow VALUES (2)")
                    admin.query("SELECT pg_terminate_backend($1)", c.backendPid)
                    eventually(10.seconds) { c.isOpen shouldBe false }
                }
            }
            failure.shouldBeInstanceOf<ConnectionClosedException>()
        }
        present("commit_slow").shouldBeEmpty()
    }

    test("a COMMIT timing out leaves the outcome unknown") {
        PgConnection.connect("$url?default_query_timeout=300ms").use { c ->
            val failure = shouldThrow<CommitOutcomeUnknownException> {
                c.transaction { tx -> tx.execute("INSERT INTO commit_slow VALUES (3)") }
            }
            failure.cause.shouldBeInstanceOf<QueryTimeoutException>()
        }
    }

    test("under load with backends terminated in and before COMMIT, every reported rollback is absent and every commit present") {
        val committed = ConcurrentHashMap.newKeySet<Int>()
        val unknown = ConcurrentHashMap.newKeySet<Int>()
        val rolledBack = ConcurrentHashMap.newKeySet<Int>()
        val nextId = AtomicInteger()
        val pool = PgPool.create("$url?application_name=commit_load&pool_max_size=8")
        try {
            withTimeout(120.seconds) {
                coroutineScope {
                    val done = { committed.size + unknown.size + rolledBack.size >= 400 && unknown.size >= 5 && rolledBack.size >= 5 }
                    repeat(12) {
                        launch {
                            while (!done()) {
                                val id = nextId.incrementAndGet()
                                try {
                                    pool.transaction { tx ->
                                        tx.execute("INSERT INTO commit_load VALUES ($1)", id)
                                        tx.query("SELECT pg_sleep(0.002)")
                                    }
                                    committed += id
                                } catch (e: CommitOutcomeUnknownException) {
                                    unknown += id
                                } catch (e: DataBridgeException) {
                                    rolledBack += id
                                }
                            }
                        }
                    }
                    launch {
                        var round = 0
                        while (isActive && !done()) {
                            // Alternate: a backend running COMMIT, then one inside its block (before COMMIT).
                            val state = if (round++ % 2 == 0) "query = 'COMMIT' AND state = 'active'" else "state = 'idle in transaction'"
                            admin.query(
                                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'commit_load' AND $state LIMIT 1",
                            )
                            delay(20.milliseconds)
                        }
                    }
                }
            }
        } finally {
            pool.closeGracefully()
        }
        val stored = present("commit_load")
        stored shouldContainAll committed
        stored.filter { it in rolledBack }.shouldBeEmpty()
        (stored - committed - unknown).shouldBeEmpty()
        unknown.size shouldBeGreaterThan 0
    }
})
