package io.databridge.pg.logging

import org.slf4j.LoggerFactory

/** One-off warnings through SLF4J; only called when [Slf4jPresence.available]. */
internal object Slf4jWarnings {
    fun warn(logger: String, message: String, failure: Throwable) {
        LoggerFactory.getLogger(logger).warn(message, failure)
    }
}
