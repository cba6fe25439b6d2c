package io.databridge.pg.types

import io.databridge.pg.protocol.ByteWriter

/**
 * `inet` and `cidr` ↔ [PgInet]. Binary: family (2 = IPv4, 3 = IPv6), bits, is-cidr flag, address length, address.
 * `cidr` refuses values with bits set to the right of the netmask, as the server does.
 */
public class InetCodec private constructor(override val type: PgTypeIdentity, private val cidr: Boolean) : PgCodec<PgInet> {
    override val valueClass: Class<PgInet> = PgInet::class.java

    override fun decodeBinary(buf: ByteArray, offset: Int, length: Int, context: CodecContext): PgInet {
        requireAtLeast(type, length, 4)
        val family = buf[offset].toInt()
        val bits = buf[offset + 1].toInt() and 0xFF
        val size = buf[offset + 3].toInt()
        val expected = when (family) {
            FAMILY_V4 -> 4
            FAMILY_V6 -> 16
            else -> throw malformed(type, "address family $family")
        }
        if (size != expected || length != 4 + size) throw malformed(type, "address length $size for family $family")
        val bytes = buf.copyOfRange(offset + 4, offset + 4 + size)
        return try {
            val address = if (size == 4) java.net.InetAddress.getByAddress(bytes) else java.net.Inet6Address.getByAddress(null, bytes, -1)
            PgInet(address, bits)
        } catch (e: IllegalArgumentException) {
            throw malformed(type, e.message ?: "bad netmask", e)
        }
    }

    override fun decodeText(buf: ByteArray, offset: Int, length: Int, context: CodecContext): PgInet =
        parseText(type, buf, offset, length) { PgInet.parse(it) }

    override fun encodeBinary(value: PgInet, out: ByteWriter, context: CodecContext) {
        check(value)
        val bytes = value.address.address
        out.writeByte(if (bytes.size == 4) FAMILY_V4 else FAMILY_V6)
        out.writeByte(value.prefixLength)
        out.writeByte(if (cidr) 1 else 0)
        out.writeByte(bytes.size)
        out.writeBytes(bytes)
    }

    override fun encodeText(value: PgInet, out: ByteWriter, context: CodecContext) {
        check(value)
        out.writeUtf8(value.address.hostAddress)
        out.writeByte('/'.code)
        out.writeUtf8(value.prefixLength.toString())
    }

    private fun check(value: PgInet) {
        if (!cidr) return
        val bytes = value.address.address
        for (bit in value.prefixLength until bytes.size * 8) {
            if ((bytes[bit / 8].toInt() shr (7 - bit % 8)) and 1 != 0) {
                throw unencodable(type, "bits set to the right of the /${value.prefixLength} netmask")
            }
        }
    }

    /** The two network address types. */
    public companion object {
        private const val FAMILY_V4 = 2
        private const val FAMILY_V6 = 3

        /** `inet`. */
        @JvmField
        public val INET: InetCodec = InetCodec(BuiltinTypes.INET, cidr = false)

        /** `cidr`. */
        @JvmField
        public val CIDR: InetCodec = InetCodec(BuiltinTypes.CIDR, cidr = true)
    }
}

/** `macaddr` (6 bytes) and `macaddr8` (8 bytes) ↔ [PgMacAddress]. */
public class MacAddressCodec private constructor(override val type: PgTypeIdentity, private val size: Int) : PgCodec<PgMacAddress> {
    override val valueClass: Class<PgMacAddress> = PgMacAddress::class.java

    override fun decodeBinary(buf: ByteArray, offset: Int, length: Int, context: CodecContext): PgMacAddress {
        requireLength(type, length, size)
        return PgMacAddress(buf.copyOfRange(offset, offset + length))
    }

    override fun decodeText(buf: ByteArray, offset: Int, length: Int, context: CodecContext): PgMacAddress =
        parseText(type, buf, offset, length) { PgMacAddress.parse(it).also { v -> require(v.size == size) { "wrong length" } } }

    override fun encodeBinary(value: PgMacAddress, out: ByteWriter, context: CodecContext) {
        check(value)
        for (i in 0 until size) out.writeByte(value.byteAt(i))
    }

    override fun encodeText(value: PgMacAddress, out: ByteWriter, context: CodecContext) {
        check(value)
        out.writeUtf8(value.toString())
    }

    private fun check(value: PgMacAddress) {
        if (value.size != size) throw unencodable(type, "needs $size bytes, the address has ${value.size}")
    }

    /** The two MAC address types. */
    public companion object {
        /** `macaddr`. */
        @JvmField
        public val MACADDR: MacAddressCodec = MacAddressCodec(BuiltinTypes.MACADDR, 6)

        /** `macaddr8`. */
        @JvmField
        public val MACADDR8: MacAddressCodec = MacAddressCodec(BuiltinTypes.MACADDR8, 8)
    }
}
