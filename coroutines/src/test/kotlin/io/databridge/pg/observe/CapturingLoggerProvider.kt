package io.databridge.pg.observe

import java.util.concurrent.ConcurrentHashMap
import java.util.concurrent.ConcurrentLinkedQueue
import org.slf4j.ILoggerFactory
import org.slf4j.IMarkerFactory
import org.slf4j.Logger
import org.slf4j.Marker
import org.slf4j.event.Level
import org.slf4j.helpers.BasicMarkerFactory
import org.slf4j.helpers.LegacyAbstractLogger
import org.slf4j.helpers.MessageFormatter
import org.slf4j.helpers.NOPMDCAdapter
import org.slf4j.spi.MDCAdapter
import org.slf4j.spi.SLF4JServiceProvider

/** One log call of data-bridge, formatted as SLF4J would print it. */
data class CapturedLine(val logger: String, val level: Level, val message: String, val throwable: Throwable?) {
    /** The message with the throwable's text, everything a log line could show. */
    val fullText: String get() = message + (throwable?.let { " " + it.stackTraceToString() } ?: "")
}

/** The test run's SLF4J binding: keeps data-bridge's log calls (every level) in memory and drops everything else. */
class CapturingLoggerProvider : SLF4JServiceProvider {
    private val factory = ILoggerFactory { name -> loggers.computeIfAbsent(name) { CapturingLogger(it) } }
    private val markers = BasicMarkerFactory()
    private val mdc = NOPMDCAdapter()

    override fun getLoggerFactory(): ILoggerFactory = factory
    override fun getMarkerFactory(): IMarkerFactory = markers
    override fun getMDCAdapter(): MDCAdapter = mdc
    override fun getRequestedApiVersion(): String = "2.0.99"
    override fun initialize() = Unit

    companion object {
        private val loggers = ConcurrentHashMap<String, Logger>()
        private val lines = ConcurrentLinkedQueue<CapturedLine>()

        /** Everything captured so far. */
        fun lines(): List<CapturedLine> = lines.toList()

        /** The lines logged while [block] ran (other specs may log meanwhile: filter by content). */
        suspend fun <T> during(block: suspend () -> T): Pair<T, List<CapturedLine>> {
            val before = lines.size
            val result = block()
            return result to lines.toList().drop(before)
        }
    }

    private class CapturingLogger(private val loggerName: String) : LegacyAbstractLogger() {
        private val captured = loggerName.startsWith("io.databridge")

        override fun getName(): String = loggerName
        override fun isTraceEnabled(): Boolean = captured
        override fun isDebugEnabled(): Boolean = captured
        override fun isInfoEnabled(): Boolean = captured
        override fun isWarnEnabled(): Boolean = captured
        override fun isErrorEnabled(): Boolean = captured
        override fun getFullyQualifiedCallerName(): String? = null

        override fun handleNormalizedLoggingCall(
            level: Level,
            marker: Marker?,
            messagePattern: String?,
            arguments: Array<Any?>?,
            throwable: Throwable?,
        ) {
            if (!captured) return
            lines += CapturedLine(loggerName, level, MessageFormatter.basicArrayFormat(messagePattern, arguments), throwable)
        }
    }
}
