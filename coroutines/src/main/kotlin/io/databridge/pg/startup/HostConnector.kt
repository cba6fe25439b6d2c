package io.databridge.pg.startup

import io.databridge.pg.ConnectOptions
import io.databridge.pg.PgConnection
import io.databridge.pg.TargetSessionMismatchException
import io.databridge.pg.config.ConnectionConfig
import io.databridge.pg.config.HostSpec
import io.databridge.pg.config.LoadBalanceHosts
import io.databridge.pg.config.SslMode
import io.databridge.pg.config.SslNegotiation
import io.databridge.pg.config.TargetSessionAttrs
import io.databridge.pg.errors.ConnectTimeoutException
import io.databridge.pg.errors.DataBridgeException
import io.databridge.pg.errors.InvalidAuthorizationException
import io.databridge.pg.errors.TlsException
import io.databridge.pg.observe.ConnectionObservation
import io.databridge.pg.pipeline.ConnectionDriver
import io.databridge.pg.transport.Endpoint
import io.databridge.pg.transport.SocketOptions
import io.databridge.pg.transport.SslResponse
import io.databridge.pg.transport.TlsContext
import io.databridge.pg.transport.TlsSettings
import io.databridge.pg.transport.TlsTransport
import io.databridge.pg.transport.TlsVerification
import io.databridge.pg.transport.Transport
import io.databridge.pg.transport.TransportFactory
import io.databridge.pg.transport.requestSsl
import io.databridge.pg.transport.startTls
import java.nio.file.Path
import java.time.Duration
import kotlinx.coroutines.TimeoutCancellationException
import kotlinx.coroutines.withContext
import kotlinx.coroutines.withTimeout

/**
 * Opens a [PgConnection] the way libpq does: each host in turn (shuffled with `load_balance_hosts=random`), TLS as
 * `sslmode`/`sslnegotiation` say, the startup and authentication exchange, then the `target_session_attrs` check;
 * the first host that passes wins. With one host its typed failure is thrown as is; with several the first failure
 * is thrown with the others suppressed.
 */
internal class HostConnector(private val config: ConnectionConfig, private val options: ConnectOptions) {
    private val factory: TransportFactory = options.transportFactory()
    private val connectTimeout: Duration? = config.connectTimeout?.takeIf { !it.isZero && !it.isNegative }?.coerceAtLeast(MIN_CONNECT_TIMEOUT)
    private val socketOptions = SocketOptions(
        connectTimeout = connectTimeout ?: DEFAULT_SOCKET_TIMEOUT,
        keepAlive = config.keepalives,
        keepAliveIdle = config.keepalivesIdle,
        keepAliveInterval = config.keepalivesInterval,
        keepAliveCount = config.keepalivesCount,
        tcpUserTimeout = config.tcpUserTimeout?.takeIf { !it.isZero },
        writeHighWaterMark = options.writeHighWaterMark,
        writeLowWaterMark = options.writeLowWaterMark,
    )
    private val tlsContext: TlsContext? by lazy { if (config.sslMode == SslMode.DISABLE) null else TlsContext(tlsSettings()) }

    suspend fun connect(): PgConnection {
        val hosts = if (config.loadBalanceHosts == LoadBalanceHosts.RANDOM) config.hosts.shuffled() else config.hosts
        val passes = if (config.targetSessionAttrs == TargetSessionAttrs.PREFER_STANDBY) {
            listOf(TargetSessionAttrs.STANDBY, TargetSessionAttrs.ANY)
        } else {
            listOf(config.targetSessionAttrs)
        }
        val failures = ArrayList<DataBridgeException>()
        for (wanted in passes) {
            for (host in hosts) {
                val connection = try {
                    connectWithTimeout(host)
                } catch (e: DataBridgeException) {
                    failures += e
                    continue
                }
                val mismatch = try {
                    SessionAttributes.mismatch(connection, wanted)
                } catch (e: DataBridgeException) {
                    connection.close()
                    failures += e
                    continue
                }
                if (mismatch == null) return connection
                connection.close()
                failures += TargetSessionMismatchException("server $host is not suitable for target_session_attrs=${wanted.libpqName}: $mismatch")
            }
        }
        val first = failures.first()
        for (other in failures.drop(1)) first.addSuppressed(other)
        throw first
    }

    private suspend fun connectWithTimeout(host: HostSpec): PgConnection {
        val timeout = connectTimeout ?: return connectHost(host)
        return try {
            withTimeout(timeout.toMillis()) { connectHost(host) }
        } catch (e: TimeoutCancellationException) {
            throw ConnectTimeoutException(host.host, host.port, timeout.toMillis(), e)
        }
    }

    private suspend fun connectHost(host: HostSpec): PgConnection {
        if (host is HostSpec.UnixSocket) return attempt(host, TlsUse.NEVER) // libpq: sslmode does not apply to Unix sockets
        return when (config.sslMode) {
            SslMode.DISABLE -> attempt(host, TlsUse.NEVER)
            SslMode.ALLOW -> try {
                attempt(host, TlsUse.NEVER)
            } catch (e: InvalidAuthorizationException) {
                // e.g. only a hostssl line matches: libpq retries with TLS.
                try {
                    attempt(host, TlsUse.MUST)
                } catch (t: DataBridgeException) {
                    t.addSuppressed(e)
                    throw t
                }
            }
            SslMode.PREFER -> attempt(host, TlsUse.TRY)
            SslMode.REQUIRE, SslMode.VERIFY_CA, SslMode.VERIFY_FULL -> attempt(host, TlsUse.MUST)
        }
    }

    private suspend fun attempt(host: HostSpec, tls: TlsUse): PgConnection {
        val endpoint = when (host) {
            is HostSpec.Tcp -> Endpoint.Tcp(host.hostaddr ?: host.host, host.port)
            is HostSpec.UnixSocket -> Endpoint.Unix(Path.of(host.path))
        }
        var transport: Transport = factory.connect(endpoint, socketOptions)
        try {
            if (tls != TlsUse.NEVER) transport = negotiateTls(transport, host, tls)
            val certificate = (transport as? TlsTransport)?.serverCertificate
            val driver = ConnectionDriver(transport)
            val startup = StartupExchange(
                config.startupParameters(),
                config.passwordFor(host).password,
                certificate,
                config.channelBinding,
                config.requireAuth,
            )
            withContext(transport.eventLoop) {
                driver.bindTo(transport)
                driver.submit(startup)
            }
            startup.done.await()
            val observation = ConnectionObservation.of(config, options, host)
            return PgConnection(driver, config, options, factory, endpoint, socketOptions, startup.method, transport is TlsTransport, observation)
                .also { observation.log?.connected(it) }
        } catch (e: Throwable) {
            transport.close()
            throw e
        }
    }

    private suspend fun negotiateTls(plain: Transport, host: HostSpec, tls: TlsUse): Transport {
        val context = tlsContext!!
        if (config.sslNegotiation == SslNegotiation.DIRECT) return plain.startTls(context, host.host, host.port)
        return when (plain.requestSsl()) {
            SslResponse.ACCEPTED -> plain.startTls(context, host.host, host.port)
            SslResponse.REFUSED -> {
                if (tls == TlsUse.MUST) throw TlsException("server $host does not support TLS, but sslmode=${config.sslMode.libpqName} requires it")
                plain
            }
        }
    }

    private fun tlsSettings(): TlsSettings {
        val root = config.sslRootCert?.takeUnless { config.usesSystemTrustStore }?.let { Path.of(it) }
        val verification = when (config.sslMode) {
            SslMode.VERIFY_FULL -> TlsVerification.FULL
            SslMode.VERIFY_CA -> TlsVerification.CA
            // libpq: sslmode=require with a root certificate verifies the chain like verify-ca.
            SslMode.REQUIRE -> if (root != null) TlsVerification.CA else TlsVerification.NONE
            else -> TlsVerification.NONE
        }
        val cert = config.sslCert?.let { Path.of(it) }
        val key = config.sslKey?.let { Path.of(it) }
        return TlsSettings(
            verification = verification,
            rootCert = root,
            clientCert = cert.takeIf { key != null },
            clientKey = key.takeIf { cert != null },
            clientKeyPassword = config.sslPassword?.toCharArray(),
            direct = config.sslNegotiation == SslNegotiation.DIRECT,
        )
    }

    private enum class TlsUse { NEVER, TRY, MUST }

    private companion object {
        /** libpq treats connect_timeout values below 2 s as 2 s. */
        val MIN_CONNECT_TIMEOUT: Duration = Duration.ofSeconds(2)

        /** The socket connect timeout with `connect_timeout=0` (libpq waits for the OS). */
        val DEFAULT_SOCKET_TIMEOUT: Duration = Duration.ofSeconds(30)
    }
}
