package io.databridge.pg.protocol

import io.databridge.pg.config.ProtocolVersion
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain

class FrontendMessagesSpec : FunSpec({
    fun check(expected: ByteArray, block: ByteWriter.() -> Unit) {
        encoded(block).hex() shouldBe expected.hex()
    }

    test("StartupMessage 3.0 with parameters in order and the final NUL") {
        check(
            wire(0, 0, 0, 35, 0, 3, 0, 0, "user", 0, "postgres", 0, "database", 0, "db", 0, 0),
        ) { writeStartupMessage(linkedMapOf("user" to "postgres", "database" to "db")) }
    }

    test("StartupMessage 3.2 carries version 196610") {
        check(wire(0, 0, 0, 18, 0, 3, 0, 2, "user", 0, "bob", 0, 0)) {
            writeStartupMessage(mapOf("user" to "bob"), ProtocolVersion.V3_2)
        }
    }

    test("StartupMessage without user is refused") {
        shouldThrow<IllegalArgumentException> { encoded { writeStartupMessage(mapOf("database" to "x")) } }
    }

    test("SSLRequest, GSSENCRequest") {
        check(wire(0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x2f)) { writeSslRequest() }
        check(wire(0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x30)) { writeGssEncRequest() }
    }

    test("CancelRequest with a 3.0 key and a 3.2 variable-length key") {
        check(wire(0, 0, 0, 16, 0x04, 0xd2, 0x16, 0x2e, 0, 0, 0x30, 0x39, 1, 2, 3, 4)) {
            writeCancelRequest(12345, byteArrayOf(1, 2, 3, 4))
        }
        val key = ByteArray(32) { it.toByte() }
        check(wire(0, 0, 0, 44, 0x04, 0xd2, 0x16, 0x2e, 0, 0, 0, 7, key)) { writeCancelRequest(7, key) }
        check(wire(0, 0, 1, 12, 0x04, 0xd2, 0x16, 0x2e, 0, 0, 0, 7, ByteArray(256))) { writeCancelRequest(7, ByteArray(256)) }
        shouldThrow<IllegalArgumentException> { encoded { writeCancelRequest(1, ByteArray(257)) } }
        shouldThrow<IllegalArgumentException> { encoded { writeCancelRequest(1, ByteArray(3)) } }
    }

    test("PasswordMessage, and a NUL in the password is refused without echoing it") {
        check(wire("p", 0, 0, 0, 11, "secret", 0)) { writePasswordMessage("secret") }
        val e = shouldThrow<IllegalArgumentException> { encoded { writePasswordMessage("se\u0000cret") } }
        (e.message!!.contains("cret")) shouldBe false
    }

    test("SASLInitialResponse with data and with none (-1)") {
        check(wire("p", 0, 0, 0, 25, "SCRAM-SHA-256", 0, 0, 0, 0, 3, "n,,")) {
            writeSaslInitialResponse("SCRAM-SHA-256", "n,,".toByteArray())
        }
        check(wire("p", 0, 0, 0, 22, "SCRAM-SHA-256", 0, 0xff, 0xff, 0xff, 0xff)) {
            writeSaslInitialResponse("SCRAM-SHA-256", null)
        }
    }

    test("SASLResponse") {
        check(wire("p", 0, 0, 0, 7, "c=x")) { writeSaslResponse("c=x".toByteArray()) }
    }

    test("Query, with UTF-8 text, and a NUL inside is refused") {
        check(wire("Q", 0, 0, 0, 13, "SELECT 1", 0)) { writeQuery("SELECT 1") }
        check(wire("Q", 0, 0, 0, 9, "'", 0xc3, 0xa9, "'", 0)) { writeQuery("'é'") }
        shouldThrow<IllegalArgumentException> { encoded { writeQuery("SELECT 1\u0000; DROP") } }.message shouldContain "NUL"
    }

    test("Parse with and without parameter types") {
        check(wire("P", 0, 0, 0, 23, "s1", 0, "SELECT $1", 0, 0, 1, 0, 0, 0, 23)) {
            writeParse("s1", "SELECT $1", intArrayOf(23))
        }
        check(wire("P", 0, 0, 0, 16, 0, "SELECT 1", 0, 0, 0)) { writeParse("", "SELECT 1") }
    }

    test("Bind: uniform text formats collapse to none, NULL is -1, values written in place") {
        val values = listOf("42".toByteArray(), null)
        val params = object : ParameterWriter {
            override fun format(index: Int) = 0
            override fun write(index: Int, out: ByteWriter): Boolean {
                val v = values[index] ?: return false
                out.writeBytes(v)
                return true
            }
        }
        check(
            wire("B", 0, 0, 0, 26, 0, "s1", 0, 0, 0, 0, 2, 0, 0, 0, 2, "42", 0xff, 0xff, 0xff, 0xff, 0, 1, 0, 1),
        ) { writeBind("", "s1", 2, params, ALL_BINARY_FORMATS) }
    }

    test("Bind: uniform binary formats collapse to one code, mixed formats list each") {
        val binary = object : ParameterWriter {
            override fun format(index: Int) = 1
            override fun write(index: Int, out: ByteWriter): Boolean {
                out.writeInt(index + 1)
                return true
            }
        }
        check(
            wire("B", 0, 0, 0, 32, "p", 0, "s", 0, 0, 1, 0, 1, 0, 2, 0, 0, 0, 4, 0, 0, 0, 1, 0, 0, 0, 4, 0, 0, 0, 2, 0, 0),
        ) { writeBind("p", "s", 2, binary) }
        val mixed = object : ParameterWriter {
            override fun format(index: Int) = index
            override fun write(index: Int, out: ByteWriter): Boolean {
                if (index == 0) out.writeUtf8("a") else out.writeShort(7)
                return true
            }
        }
        check(
            wire("B", 0, 0, 0, 31, 0, 0, 0, 2, 0, 0, 0, 1, 0, 2, 0, 0, 0, 1, "a", 0, 0, 0, 2, 0, 7, 0, 2, 0, 0, 0, 1),
        ) { writeBind("", "", 2, mixed, intArrayOf(0, 1)) }
    }

    test("Bind with no parameters, and a writer that writes then claims NULL is caught") {
        val none = object : ParameterWriter {
            override fun format(index: Int) = error("no parameters")
            override fun write(index: Int, out: ByteWriter) = error("no parameters")
        }
        check(wire("B", 0, 0, 0, 12, 0, 0, 0, 0, 0, 0, 0, 0)) { writeBind("", "", 0, none) }
        val liar = object : ParameterWriter {
            override fun format(index: Int) = 0
            override fun write(index: Int, out: ByteWriter): Boolean {
                out.writeByte(1)
                return false
            }
        }
        shouldThrow<IllegalStateException> { encoded { writeBind("", "", 1, liar) } }
    }

    test("Describe and Close of statements and portals") {
        check(wire("D", 0, 0, 0, 6, "S", 0)) { writeDescribeStatement("") }
        check(wire("D", 0, 0, 0, 8, "P", "p1", 0)) { writeDescribePortal("p1") }
        check(wire("C", 0, 0, 0, 8, "S", "s1", 0)) { writeCloseStatement("s1") }
        check(wire("C", 0, 0, 0, 6, "P", 0)) { writeClosePortal("") }
    }

    test("Execute with a row limit") {
        check(wire("E", 0, 0, 0, 9, 0, 0, 0, 0, 0)) { writeExecute() }
        check(wire("E", 0, 0, 0, 11, "p1", 0, 0, 0, 1, 0)) { writeExecute("p1", 256) }
        shouldThrow<IllegalArgumentException> { encoded { writeExecute("", -1) } }
    }

    test("Sync, Flush, CopyDone, Terminate") {
        check(wire("S", 0, 0, 0, 4)) { writeSync() }
        check(wire("H", 0, 0, 0, 4)) { writeFlush() }
        check(wire("c", 0, 0, 0, 4)) { writeCopyDone() }
        check(wire("X", 0, 0, 0, 4)) { writeTerminate() }
    }

    test("CopyData from an array slice and written in place; CopyFail") {
        check(wire("d", 0, 0, 0, 7, "abc")) { writeCopyData("xabcx".toByteArray(), 1, 3) }
        check(wire("d", 0, 0, 0, 9, "1\t2\n", 0)) {
            writeCopyData {
                writeUtf8("1\t2\n")
                writeByte(0)
            }
        }
        check(wire("f", 0, 0, 0, 8, "bad", 0)) { writeCopyFail("bad") }
    }

    test("several messages append back to back") {
        check(wire("S", 0, 0, 0, 4, "H", 0, 0, 0, 4)) {
            writeSync()
            writeFlush()
        }
    }
})
