package io.databridge.pg.observe

import io.databridge.pg.ConnectOptions
import io.databridge.pg.config.ConnectionConfig
import io.databridge.pg.config.HostSpec
import io.databridge.pg.logging.ConnectionLog
import io.databridge.pg.logging.Slf4jPresence
import io.databridge.pg.logging.SlowQueryLog
import io.databridge.pg.observe.Instruments
import io.databridge.pg.observe.PgServerInfo
import kotlin.time.toKotlinDuration

/**
 * What watches one connection: its [instruments] (the user's instrumentations plus the slow-query log), null when
 * there are none, and its lifecycle [log], null without SLF4J.
 */
internal class ConnectionObservation(val instruments: Instruments?, val log: ConnectionLog?) {
    companion object {
        fun of(config: ConnectionConfig, options: ConnectOptions, host: HostSpec): ConnectionObservation {
            val server = when (host) {
                is HostSpec.Tcp -> PgServerInfo(host.host, host.port, config.database, config.user)
                is HostSpec.UnixSocket -> PgServerInfo(host.path, null, config.database, config.user)
            }
            val threshold = options.slowQueryThreshold ?: config.slowQueryThreshold?.toKotlinDuration()
            val all = if (threshold != null && Slf4jPresence.available) {
                options.instrumentations + SlowQueryLog(threshold.inWholeNanoseconds, options.logParameterValues)
            } else {
                options.instrumentations
            }
            return ConnectionObservation(Instruments.of(all, server), if (Slf4jPresence.available) ConnectionLog(server) else null)
        }
    }
}
