package io.databridge.pg.logging

import io.databridge.pg.PgConnection
import io.databridge.pg.errors.DataBridgeException
import io.databridge.pg.errors.Notice
import io.databridge.pg.observe.PgServerInfo
import org.slf4j.Logger
import org.slf4j.LoggerFactory

/**
 * The SLF4J log of one connection's life: opened (DEBUG), closed by the client (DEBUG), broken by the server or the
 * network (WARN), and the server's notices at the level matching their severity. Logger names:
 * `io.databridge.pg.connection` and `io.databridge.pg.notice`. Lines name the server, database, user and backend
 * pid, never a password. Only created when [Slf4jPresence.available].
 */
internal class ConnectionLog(private val server: PgServerInfo) {
    fun connected(connection: PgConnection) {
        if (!lifecycle.isDebugEnabled) return
        lifecycle.debug(
            "connected to {} as {}, backend pid {}, server {}, {}, authentication {}",
            server, server.user, connection.backendPid, connection.serverVersion,
            if (connection.isTls) "TLS" else "no TLS", connection.authenticationMethod,
        )
    }

    fun closed(backendPid: Int) {
        lifecycle.debug("closed the connection to {}, backend pid {}", server, backendPid)
    }

    fun broken(backendPid: Int, cause: DataBridgeException) {
        lifecycle.warn("the connection to {} (backend pid {}) broke: {}", server, backendPid, cause.message, cause)
    }

    fun notice(backendPid: Int, notice: Notice) {
        val severity = notice.severityNonLocalized ?: notice.severity
        val format = "server notice from {} (backend pid {}): {}"
        when (severity) {
            "WARNING" -> notices.warn(format, server, backendPid, notice)
            "NOTICE", "INFO" -> notices.info(format, server, backendPid, notice)
            "LOG" -> notices.debug(format, server, backendPid, notice)
            else -> notices.trace(format, server, backendPid, notice) // DEBUG1…DEBUG5
        }
    }

    private companion object {
        val lifecycle: Logger = LoggerFactory.getLogger("io.databridge.pg.connection")
        val notices: Logger = LoggerFactory.getLogger("io.databridge.pg.notice")
    }
}
