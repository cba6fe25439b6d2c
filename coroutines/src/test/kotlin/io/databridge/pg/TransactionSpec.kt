package io.databridge.pg

import io.databridge.embedded.SharedPostgres
import io.databridge.pg.errors.PgServerException
import io.databridge.pg.errors.SyntaxErrorException
import io.databridge.pg.errors.TransactionFailedException
import io.databridge.pg.errors.UniqueViolationException
import io.databridge.pg.protocol.TransactionStatus
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.longs.shouldBeInRange
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.util.concurrent.atomic.AtomicInteger
import kotlin.time.Duration.Companion.milliseconds
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.cancel
import kotlinx.coroutines.cancelAndJoin
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.currentCoroutineContext
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.map
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext
import kotlinx.coroutines.yield

class TransactionSpec : FunSpec({
    val url = SharedPostgres.server.url()
    lateinit var pool: PgPool

    beforeSpec {
        pool = PgPool.create("$url?pool_max_size=3")
        pool.execute("DROP TABLE IF EXISTS tx_items")
        pool.execute("CREATE TABLE tx_items(id int PRIMARY KEY, v text)")
    }
    afterSpec { pool.closeGracefully() }
    beforeTest { pool.execute("TRUNCATE tx_items") }

    suspend fun ids(): List<Int> = pool.query("SELECT id FROM tx_items ORDER BY id").rows.map { it.getInt(0) }
    suspend fun pid(): Int = pool.query("SELECT pg_backend_pid()").rows.single().getInt(0)

    test("a block commits when it returns and its isolation options reach the server") {
        val level = pool.transaction(isolation = IsolationLevel.SERIALIZABLE) { tx ->
            tx.execute("INSERT INTO tx_items VALUES (1, 'a')")
            tx.query("SHOW transaction_isolation").rows.single().getString(0)
        }
        level shouldBe "serializable"
        ids() shouldContainExactly listOf(1)
        pool.transaction(isolation = IsolationLevel.REPEATABLE_READ, readOnly = true, deferrable = true) { tx ->
            tx.query("SHOW transaction_isolation").rows.single().getString(0) shouldBe "repeatable read"
            tx.query("SHOW transaction_read_only").rows.single().getString(0) shouldBe "on"
            tx.query("SHOW transaction_deferrable").rows.single().getString(0) shouldBe "on"
        }
    }

    test("an exception rolls back and is rethrown; the connection returns clean") {
        val e = shouldThrow<IllegalStateException> {
            pool.transaction { tx ->
                tx.execute("INSERT INTO tx_items VALUES (1, 'a')")
                error("boom")
            }
        }
        e.message shouldBe "boom"
        ids() shouldBe emptyList()
        pool.withConnection { it.transactionStatus shouldBe TransactionStatus.IDLE }
        pool.stats().inUse shouldBe 0
    }

    test("cancellation in the middle of a block still rolls back") {
        val inserted = CompletableDeferred<Int>()
        coroutineScope {
            val job = launch {
                pool.transaction { tx ->
                    tx.execute("INSERT INTO tx_items VALUES (1, 'a')")
                    inserted.complete(tx.query("SELECT pg_backend_pid()").rows.single().getInt(0))
                    tx.query("SELECT pg_sleep(30)")
                }
            }
            inserted.await()
            delay(50.milliseconds)
            job.cancelAndJoin()
        }
        ids() shouldBe emptyList()
        pool.stats().inUse shouldBe 0
        pool.withConnection { it.transactionStatus shouldBe TransactionStatus.IDLE }
    }

    test("a swallowed error leaves the transaction failed: commit is refused and it is rolled back") {
        val e = shouldThrow<TransactionFailedException> {
            pool.transaction { tx ->
                tx.execute("INSERT INTO tx_items VALUES (1, 'a')")
                shouldThrow<UniqueViolationException> { tx.execute("INSERT INTO tx_items VALUES (1, 'b')") }
                "not committed"
            }
        }
        e.message!! shouldContain "commit refused"
        ids() shouldBe emptyList()
        pool.withConnection { it.transactionStatus shouldBe TransactionStatus.IDLE }
    }

    test("nested blocks are savepoints: released on success, rolled back to on failure") {
        pool.transaction { tx ->
            tx.execute("INSERT INTO tx_items VALUES (1, 'a')")
            pool.transaction { inner ->
                inner shouldBe tx
                inner.execute("INSERT INTO tx_items VALUES (2, 'b')")
            }
            shouldThrow<IllegalStateException> {
                pool.transaction {
                    pool.execute("INSERT INTO tx_items VALUES (3, 'c')")
                    error("undo the savepoint")
                }
            }
            shouldThrow<UniqueViolationException> {
                tx.transaction { pool.execute("INSERT INTO tx_items VALUES (1, 'dup')") }
            }
            val swallowed = shouldThrow<TransactionFailedException> {
                tx.transaction {
                    pool.execute("INSERT INTO tx_items VALUES (4, 'd')")
                    shouldThrow<SyntaxErrorException> { pool.execute("INSER") }
                }
            }
            swallowed.message!! shouldContain "savepoint"
            tx.execute("INSERT INTO tx_items VALUES (5, 'e')")
        }
        ids() shouldContainExactly listOf(1, 2, 5)
    }

    test("pool calls inside the block run on the transaction's connection across dispatchers and withContext") {
        val outside = CompletableDeferred<Int>()
        pool.transaction { tx ->
            val txPid = tx.query("SELECT pg_backend_pid()").rows.single().getInt(0)
            pool.execute("INSERT INTO tx_items VALUES (1, 'a')")
            withContext(Dispatchers.IO) {
                pid() shouldBe txPid
                yield()
                delay(5.milliseconds)
                pool.query("SELECT count(*) FROM tx_items").rows.single().getLong(0) shouldBe 1L
            }
            withContext(Dispatchers.Default) { pool.stream("SELECT id FROM tx_items").map { it.getInt(0) }.toList() shouldBe listOf(1) }
            // Another coroutine, outside the block's context, does not see the uncommitted row.
            CoroutineScope(Dispatchers.Default).launch { outside.complete(ids().size) }.join()
            pid() shouldBe txPid
        }
        outside.await() shouldBe 0
        ids() shouldContainExactly listOf(1)
    }

    test("coroutines launched in the block inherit the transaction and run in it, in submission order") {
        pool.transaction { tx ->
            val txPid = tx.query("SELECT pg_backend_pid()").rows.single().getInt(0)
            val children = (1..20).map { i ->
                async(Dispatchers.Default) {
                    pool.execute("INSERT INTO tx_items VALUES ($1, 'c')", i)
                    pid()
                }
            }
            launch { pool.execute("INSERT INTO tx_items VALUES (100, 'launched')") }
            children.awaitAll().toSet() shouldBe setOf(txPid)
            txPid
        }
        ids() shouldBe (1..20).toList() + 100
        shouldThrow<IllegalStateException> {
            pool.transaction {
                launch { pool.execute("INSERT INTO tx_items VALUES (200, 'child of a failed block')") }
                error("the block fails after its child wrote")
            }
        }
        ids().contains(200) shouldBe false
    }

    test("a transaction element used after its block ended fails with TransactionClosedException") {
        val outside = CoroutineScope(SupervisorJob() + Dispatchers.Default)
        try {
            val ended = CompletableDeferred<Unit>()
            lateinit var escaped: kotlinx.coroutines.Deferred<Long>
            pool.transaction { tx ->
                escaped = outside.async(currentCoroutineContext()[Transaction]!!) {
                    ended.await()
                    pool.execute("INSERT INTO tx_items VALUES (1, 'escaped')")
                }
                tx.isActive shouldBe true
            }
            val captured = currentCoroutineContext()[Transaction]
            captured shouldBe null
            ended.complete(Unit)
            val e = shouldThrow<TransactionClosedException> { escaped.await() }
            e.message!! shouldContain "already committed or rolled back"
            ids() shouldBe emptyList()
            lateinit var kept: Transaction
            pool.transaction { tx -> kept = tx }
            kept.isActive shouldBe false
            shouldThrow<TransactionClosedException> { kept.query("SELECT 1") }
            shouldThrow<TransactionClosedException> { withContext(kept) { pool.query("SELECT 1") } }
            shouldThrow<TransactionClosedException> { withContext(kept) { pool.transaction { } } }
        } finally {
            outside.cancel()
        }
    }

    test("connection.transaction works the same on a bare connection, nested blocks as savepoints") {
        PgConnection.connect(url).use { conn ->
            conn.transaction { tx ->
                tx.execute("INSERT INTO tx_items VALUES (1, 'a')")
                shouldThrow<IllegalStateException> {
                    conn.transaction { conn.execute("INSERT INTO tx_items VALUES (2, 'b')"); error("undo") }
                }
                conn.transactionStatus shouldBe TransactionStatus.IN_TRANSACTION
            }
            conn.transactionStatus shouldBe TransactionStatus.IDLE
            shouldThrow<IllegalArgumentException> {
                conn.transaction { tx -> tx.execute("INSERT INTO tx_items VALUES (3, 'c')"); throw IllegalArgumentException("no") }
            }
            conn.transactionStatus shouldBe TransactionStatus.IDLE
        }
        ids() shouldContainExactly listOf(1)
    }

    test("retry re-runs the block on serialization failures and deadlocks, a bounded number of times") {
        val attempts = AtomicInteger()
        val result = pool.transaction(retry = RetryPolicy(maxAttempts = 5, initialBackoff = 1.milliseconds)) { tx ->
            tx.execute("INSERT INTO tx_items VALUES (1, 'a')")
            val code = when (attempts.incrementAndGet()) { 1 -> "40001"; 2 -> "40P01"; else -> null }
            if (code != null) tx.execute("DO $$ BEGIN RAISE EXCEPTION 'injected' USING ERRCODE = '$code'; END $$")
            "done on attempt ${attempts.get()}"
        }
        result shouldBe "done on attempt 3"
        ids() shouldContainExactly listOf(1)

        attempts.set(0)
        val e = shouldThrow<PgServerException> {
            pool.transaction(retry = RetryPolicy(maxAttempts = 4, initialBackoff = 1.milliseconds)) { tx ->
                attempts.incrementAndGet()
                tx.execute("DO $$ BEGIN RAISE EXCEPTION 'always' USING ERRCODE = '40001'; END $$")
            }
        }
        e.isRetryable shouldBe true
        attempts.get() shouldBe 4

        attempts.set(0)
        shouldThrow<UniqueViolationException> {
            pool.transaction(retry = RetryPolicy(maxAttempts = 4)) { tx ->
                attempts.incrementAndGet()
                tx.execute("INSERT INTO tx_items VALUES (1, 'dup')")
            }
        }
        attempts.get() shouldBe 1
    }

    test("retry backoff grows by the multiplier, is jittered to half or more, and is capped") {
        val policy = RetryPolicy(maxAttempts = 10, initialBackoff = 10.milliseconds, maxBackoff = 50.milliseconds, multiplier = 2.0)
        val random = kotlin.random.Random(7)
        repeat(50) {
            policy.backoff(1, random).inWholeMicroseconds shouldBeInRange 5_000L..10_000L
            policy.backoff(2, random).inWholeMicroseconds shouldBeInRange 10_000L..20_000L
            policy.backoff(9, random).inWholeMicroseconds shouldBeInRange 25_000L..50_000L
        }
        shouldThrow<IllegalArgumentException> { RetryPolicy(maxAttempts = 0) }
    }

    test("a real serialization conflict between two serializable transactions is retried to success") {
        pool.execute("INSERT INTO tx_items VALUES (1, '0')")
        val bothRead = CompletableDeferred<Unit>()
        val readers = AtomicInteger()
        val attempts = AtomicInteger()
        coroutineScope {
            (1..2).map { n ->
                async {
                    pool.transaction(IsolationLevel.SERIALIZABLE, retry = RetryPolicy(maxAttempts = 5, initialBackoff = 5.milliseconds)) { tx ->
                        attempts.incrementAndGet()
                        val v = tx.query("SELECT v FROM tx_items WHERE id = 1").rows.single().getString(0).toInt()
                        if (readers.incrementAndGet() == 2) bothRead.complete(Unit)
                        bothRead.await()
                        tx.execute("UPDATE tx_items SET v = $1 WHERE id = 1", (v + n).toString())
                    }
                }
            }.awaitAll()
        }
        pool.query("SELECT v FROM tx_items WHERE id = 1").rows.single().getString(0) shouldBe "3"
        (attempts.get() > 2) shouldBe true
    }
})
