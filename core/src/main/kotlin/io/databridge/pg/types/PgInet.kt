package io.databridge.pg.types

import java.net.Inet4Address
import java.net.Inet6Address
import java.net.InetAddress

/**
 * An `inet` or `cidr` value: an IPv4 or IPv6 address and its netmask length. IPv4-mapped IPv6 addresses stay
 * [Inet6Address] (PostgreSQL keeps the families apart).
 */
public data class PgInet(
    /** The address ([Inet4Address] or [Inet6Address]). */
    public val address: InetAddress,
    /** Netmask bits: 0..32 for IPv4, 0..128 for IPv6. */
    public val prefixLength: Int = if (address is Inet4Address) 32 else 128,
) {
    init {
        require(prefixLength in 0..maxPrefix) { "prefix length $prefixLength outside 0..$maxPrefix" }
    }

    private val maxPrefix: Int get() = if (address is Inet4Address) 32 else 128

    /** `address/prefix`, or just the address for a host (full-length prefix), as `inet` prints. */
    override fun toString(): String =
        if (prefixLength == maxPrefix) address.hostAddress else "${address.hostAddress}/$prefixLength"

    /** Parsing. */
    public companion object {
        /**
         * Parses `addr[/bits]` with a literal IPv4 or IPv6 address; never resolves host names.
         * @throws IllegalArgumentException when [text] is not such a literal
         */
        @JvmStatic
        public fun parse(text: String): PgInet {
            val slash = text.indexOf('/')
            val host = if (slash < 0) text else text.substring(0, slash)
            val bytes = if (host.contains(':')) parseV6(host) else parseV4(host)
            val address = if (bytes.size == 4) InetAddress.getByAddress(bytes) else Inet6Address.getByAddress(null, bytes, -1)
            return if (slash < 0) PgInet(address) else PgInet(address, text.substring(slash + 1).toInt())
        }

        private fun parseV4(s: String): ByteArray {
            val parts = s.split('.')
            require(parts.size == 4) { "not an IPv4 address" }
            return ByteArray(4) { i ->
                val p = parts[i]
                require(p.isNotEmpty() && p.length <= 3 && p.all(Char::isDigit)) { "not an IPv4 address" }
                val v = p.toInt()
                require(v <= 255) { "IPv4 octet out of range" }
                v.toByte()
            }
        }

        private fun parseV6(s: String): ByteArray {
            val halves = s.split("::")
            require(halves.size <= 2) { "more than one '::'" }
            val head = groups(halves[0])
            val tail = if (halves.size == 2) groups(halves[1]) else emptyList()
            val total = head.size + tail.size
            require(if (halves.size == 2) total < 8 else total == 8) { "wrong number of IPv6 groups" }
            val all = head + List(8 - total) { 0 } + tail
            return ByteArray(16) { i -> (all[i / 2] shr (if (i % 2 == 0) 8 else 0)).toByte() }
        }

        private fun groups(s: String): List<Int> {
            if (s.isEmpty()) return emptyList()
            val parts = s.split(':')
            val result = ArrayList<Int>(8)
            for ((i, p) in parts.withIndex()) {
                if (i == parts.size - 1 && p.contains('.')) {
                    val v4 = parseV4(p)
                    result += ((v4[0].toInt() and 0xFF) shl 8) or (v4[1].toInt() and 0xFF)
                    result += ((v4[2].toInt() and 0xFF) shl 8) or (v4[3].toInt() and 0xFF)
                } else {
                    require(p.length in 1..4) { "bad IPv6 group" }
                    result += p.toInt(16)
                }
            }
            return result
        }
    }
}

/** A `macaddr` (6 bytes) or `macaddr8` (8 bytes) hardware address, printed as `08:00:2b:01:02:03`. */
public class PgMacAddress(bytes: ByteArray) {
    private val octets: ByteArray = bytes.copyOf()

    init {
        require(bytes.size == 6 || bytes.size == 8) { "a MAC address has 6 or 8 bytes, not ${bytes.size}" }
    }

    /** A copy of the address bytes (6 or 8). */
    public val bytes: ByteArray get() = octets.copyOf()

    /** 6 for `macaddr`, 8 for `macaddr8`. */
    public val size: Int get() = octets.size

    internal fun byteAt(i: Int): Int = octets[i].toInt() and 0xFF

    override fun equals(other: Any?): Boolean = other is PgMacAddress && other.octets.contentEquals(octets)

    override fun hashCode(): Int = octets.contentHashCode()

    override fun toString(): String = octets.joinToString(":") { "%02x".format(it.toInt() and 0xFF) }

    /** Parsing. */
    public companion object {
        /**
         * Parses six or eight hex octets separated by `:` or `-`.
         * @throws IllegalArgumentException when [text] is not such an address
         */
        @JvmStatic
        public fun parse(text: String): PgMacAddress {
            val parts = text.split(':', '-')
            require(parts.size == 6 || parts.size == 8) { "not a MAC address" }
            return PgMacAddress(
                ByteArray(parts.size) {
                    require(parts[it].length == 2) { "not a MAC address" }
                    parts[it].toInt(16).toByte()
                },
            )
        }
    }
}
