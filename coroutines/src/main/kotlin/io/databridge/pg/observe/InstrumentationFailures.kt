package io.databridge.pg.observe

import io.databridge.pg.logging.Slf4jPresence
import io.databridge.pg.logging.Slf4jWarnings

/** Keeps a failing instrumentation from failing the operation it observes: the failure is logged instead. */
internal object InstrumentationFailures {
    private const val LOGGER = "io.databridge.pg.observe"
    private val fallback: System.Logger by lazy { System.getLogger(LOGGER) }

    inline fun <T> guard(otherwise: T, block: () -> T): T =
        try {
            block()
        } catch (e: Exception) {
            report(e)
            otherwise
        } catch (e: LinkageError) {
            report(e)
            otherwise
        }

    fun report(failure: Throwable) {
        val message = "an instrumentation failed and was skipped; the operation went on: $failure"
        if (Slf4jPresence.available) Slf4jWarnings.warn(LOGGER, message, failure) else fallback.log(System.Logger.Level.WARNING, message, failure)
    }
}
