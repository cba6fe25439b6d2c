package io.databridge.ha

import io.databridge.pg.PgSession
import io.databridge.pg.errors.DataBridgeException
import java.util.concurrent.ConcurrentLinkedQueue
import kotlin.time.Duration
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Job
import kotlinx.coroutines.TimeoutCancellationException
import kotlinx.coroutines.delay
import kotlinx.coroutines.isActive
import kotlinx.coroutines.launch
import kotlinx.coroutines.withTimeout

/**
 * Writes one row at a time through [session] until stopped and records, per attempt, when it ended, on which server
 * port it landed, or how it failed. A call that outlives [guard] counts as a hang (the engine must end every call).
 */
class WriteProbe(private val session: PgSession, private val table: String, private val guard: Duration = 30.seconds) {
    /** One finished attempt: [port] for a success, [failure] otherwise. */
    class Attempt(val endedNanos: Long, val port: Int?, val failure: Throwable?)

    val attempts = ConcurrentLinkedQueue<Attempt>()

    fun start(scope: CoroutineScope): Job = scope.launch {
        var n = 0L
        while (isActive) {
            val attempt = try {
                val port = withTimeout(guard) {
                    session.query("INSERT INTO $table(n) VALUES ($1) RETURNING inet_server_port()", n++, timeout = 10.seconds).rows.single().getInt(0)
                }
                Attempt(System.nanoTime(), port, null)
            } catch (hang: TimeoutCancellationException) {
                Attempt(System.nanoTime(), null, AssertionError("a write did not end within $guard", hang))
            } catch (e: Exception) {
                Attempt(System.nanoTime(), null, e)
            }
            attempts += attempt
            // Back off a little after a failure only: refused connections fail at once and would spin.
            if (attempt.failure != null) delay(20.milliseconds)
        }
    }

    /** Successful writes so far. */
    fun successes(): Int = attempts.count { it.port != null }

    /** The first success on [port] that ended after [afterNanos], or null. */
    fun firstSuccessOn(port: Int, afterNanos: Long): Attempt? = attempts.firstOrNull { it.port == port && it.endedNanos > afterNanos }

    /** Failures that are not the engine's typed exceptions (a hang counts as one). */
    fun untypedFailures(): List<Throwable> = attempts.mapNotNull { it.failure }.filter { it !is DataBridgeException }

    /** How many attempts failed, by exception class. */
    fun failureKinds(): Map<String, Int> = attempts.mapNotNull { it.failure }.groupingBy { it::class.simpleName ?: "?" }.eachCount()
}
