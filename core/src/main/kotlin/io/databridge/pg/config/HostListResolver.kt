package io.databridge.pg.config

import java.net.InetAddress
import java.net.UnknownHostException

/**
 * Turns libpq's comma-separated `host`, `hostaddr` and `port` lists into [HostSpec]s, with libpq's rules: the
 * host and hostaddr lists must be equally long when both are given; the port list has one entry for all hosts or
 * one per host; empty entries take the defaults; a host starting with `/` is a Unix socket directory.
 */
internal object HostListResolver {
    const val DEFAULT_PORT: Int = 5432

    /** Where TCP connections go when no host is given. libpq's compiled-in socket directory cannot be known here. */
    const val DEFAULT_HOST: String = "localhost"

    private val IPV4 = Regex("""(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}""")
    private val IPV6_CHARS = Regex("""[0-9A-Fa-f:.]+(%[0-9A-Za-z._-]+)?""")

    fun resolve(host: String?, hostaddr: String?, port: String?): List<HostSpec> {
        val hosts = host?.takeIf { it.isNotEmpty() }?.split(',')
        val addrs = hostaddr?.takeIf { it.isNotEmpty() }?.split(',')
        if (hosts != null && addrs != null && hosts.size != addrs.size) {
            throw InvalidConfigException(
                "hostaddr",
                "could not match ${hosts.size} host names to ${addrs.size} hostaddr values",
            )
        }
        val count = hosts?.size ?: addrs?.size ?: 1
        val ports = port?.takeIf { it.isNotEmpty() }?.split(',') ?: listOf("")
        if (ports.size != 1 && ports.size != count) {
            throw InvalidConfigException("port", "could not match ${ports.size} port numbers to $count hosts")
        }
        return List(count) { i ->
            val h = hosts?.get(i) ?: ""
            val a = addrs?.get(i)?.trim() ?: ""
            val p = (if (ports.size == 1) ports[0] else ports[i]).let {
                if (it.isBlank()) DEFAULT_PORT else SettingValues.port("port", it)
            }
            when {
                a.isNotEmpty() -> HostSpec.Tcp(h.ifEmpty { a }, p, checkNumericAddress(a))
                h.isEmpty() -> HostSpec.Tcp(DEFAULT_HOST, p)
                h.startsWith("/") -> HostSpec.UnixSocket(h, p)
                h.startsWith("@") -> throw InvalidConfigException(
                    "host",
                    "abstract Unix socket \"$h\" is not supported; give the socket directory as an absolute path",
                )
                else -> HostSpec.Tcp(h, p)
            }
        }
    }

    /** hostaddr must be a numeric IPv4 or IPv6 address: it exists to skip name resolution. */
    private fun checkNumericAddress(addr: String): String {
        val ok = IPV4.matches(addr) || (':' in addr && IPV6_CHARS.matches(addr) && parsesAsLiteral(addr))
        if (!ok) throw InvalidConfigException("hostaddr", "could not parse network address \"$addr\"")
        return addr
    }

    // With a ':' in it, InetAddress treats the text as an IPv6 literal and never asks DNS.
    private fun parsesAsLiteral(addr: String): Boolean = try {
        InetAddress.getByName(addr)
        true
    } catch (_: UnknownHostException) {
        false
    }
}
