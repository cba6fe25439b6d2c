package io.databridge.pg.pool

import io.databridge.pg.errors.DataBridgeException
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.NonCancellable
import kotlinx.coroutines.withContext
import kotlinx.coroutines.delay
import kotlinx.coroutines.test.TestScope
import kotlinx.coroutines.test.runTest
import kotlinx.coroutines.yield
import java.lang.System.Logger.Level
import java.util.ResourceBundle
import java.util.concurrent.CopyOnWriteArrayList
import java.util.concurrent.atomic.AtomicInteger
import kotlin.random.Random
import kotlin.time.Duration

/** A pooled object with counters and switchable outcomes, to exercise the pool's machinery without a server. */
class TestResource(val id: Int, private val yieldInChecks: Boolean) : PooledResource {
    @Volatile var validateResult = true
    @Volatile var resetResult = true
    @Volatile var broken = false
    @Volatile var busyWithAbandonedWork = false
    @Volatile var failure: Exception? = null
    val validations = AtomicInteger()
    val resets = AtomicInteger()
    val closes = AtomicInteger()

    /** Exclusive users inside a borrow right now; must never exceed 1. */
    val exclusiveUsers = AtomicInteger()

    /** Shared operations running on it right now; must be 0 whenever [exclusiveUsers] is not. */
    val sharedUsers = AtomicInteger()

    override val isBroken: Boolean get() = broken

    override val isBusyWithAbandonedWork: Boolean get() = busyWithAbandonedWork

    override suspend fun validate(): Boolean {
        validations.incrementAndGet()
        if (yieldInChecks) yield()
        failure?.let { throw it }
        return validateResult
    }

    override suspend fun reset(): Boolean {
        resets.incrementAndGet()
        if (yieldInChecks) yield()
        return resetResult
    }

    override suspend fun close() {
        closes.incrementAndGet()
        failure?.let { throw it }
    }

    override fun toString(): String = "TestResource#$id"
}

/** The server being down, as the factory reports it. */
class ServerDownException : DataBridgeException("server down")

/** Creates [TestResource]s, optionally slowly or failing. */
class TestFactory(private val yieldInChecks: Boolean = false) {
    val created = CopyOnWriteArrayList<TestResource>()
    private val attempts = AtomicInteger()
    @Volatile var creationDelay: Duration = Duration.ZERO
    @Volatile var failuresToCome = 0

    /** Makes a creation finish even when the pool cancels it, like a connect that cannot be interrupted. */
    @Volatile var ignoreCancellation = false
    val failure = ServerDownException()

    suspend fun create(): TestResource {
        attempts.incrementAndGet()
        if (ignoreCancellation) withContext(NonCancellable) { delay(creationDelay) } else if (creationDelay.isPositive()) delay(creationDelay)
        synchronized(this) {
            if (failuresToCome > 0) {
                failuresToCome--
                throw failure
            }
        }
        return TestResource(created.size + 1, yieldInChecks).also { created.add(it) }
    }

    val open: List<TestResource> get() = created.filter { it.closes.get() == 0 }
}

/** One captured System.Logger call. */
data class LogRecord(val level: Level, val message: String, val thrown: Throwable?)

/** A System.Logger that keeps what it is given, to assert on warnings. */
class CapturingLogger : System.Logger {
    val records = CopyOnWriteArrayList<LogRecord>()

    override fun getName(): String = "capturing"

    override fun isLoggable(level: Level): Boolean = true

    override fun log(level: Level, bundle: ResourceBundle?, msg: String?, thrown: Throwable?) {
        records.add(LogRecord(level, msg.orEmpty(), thrown))
    }

    override fun log(level: Level, bundle: ResourceBundle?, format: String?, vararg params: Any?) {
        records.add(LogRecord(level, java.text.MessageFormat.format(format.orEmpty(), *params), null))
    }

    fun warnings(): List<LogRecord> = records.filter { it.level == Level.WARNING }
}

/** What a pool test gets: the pool on virtual time, its factory and its logger. */
data class PoolFixture(val pool: ResourcePool<TestResource>, val factory: TestFactory, val logger: CapturingLogger)

/** Runs [body] on virtual time against a fresh pool, closing the pool afterwards also on failure. */
fun poolTest(settings: PoolSettings, body: suspend TestScope.(PoolFixture) -> Unit) = runTest {
    val factory = TestFactory()
    val logger = CapturingLogger()
    val pool = ResourcePool(settings, backgroundScope, testScheduler.timeSource, logger, Random(7)) { factory.create() }
    try {
        body(PoolFixture(pool, factory, logger))
    } finally {
        pool.close()
    }
}

/** Builds a pool over [factory] in [scope] on the real clock. */
fun realPool(settings: PoolSettings, scope: CoroutineScope, factory: TestFactory, logger: CapturingLogger = CapturingLogger()) =
    ResourcePool(settings, scope, logger = logger) { factory.create() }
