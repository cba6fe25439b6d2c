package io.databridge.pg.protocol

import io.databridge.pg.errors.ProtocolException
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.types.shouldBeSameInstanceAs

/** Five valid bytes placed before each bad message, so every offset below is checked to be 5, not 0. */
private val PREFIX = wire("1", 0, 0, 0, 4)

class MalformedInputSpec : FunSpec({
    fun failure(vararg bad: Any, decoder: BackendDecoder = BackendDecoder()): ProtocolException {
        decoder.feed(PREFIX)
        decoder.next() shouldBeSameInstanceAs ParseComplete
        decoder.feed(wire(*bad))
        return shouldThrow<ProtocolException> { decoder.next() }
    }

    fun check(expectedTag: Char, fragment: String, vararg bad: Any, decoder: BackendDecoder = BackendDecoder()) {
        val e = failure(*bad, decoder = decoder)
        e.offset shouldBe 5L
        e.tag shouldBe expectedTag
        e.message shouldContain fragment
    }

    test("unknown tag is refused from its first byte") { check('x', "unknown message type", "x") }
    test("length below 4") { check('C', "less than 4", "C", 0, 0, 0, 3) }
    test("negative length") { check('D', "less than 4", "D", 0xff, 0xff, 0xff, 0xfe) }
    test("forged huge length beyond the default limit") { check('D', "exceeds the limit", "D", 0x7f, 0xff, 0xff, 0xff) }
    test("length beyond a configured limit") {
        check('d', "exceeds the limit of 1000", "d", 0, 0, 3, 0xe9, decoder = BackendDecoder(maxMessageSize = 1000))
    }
    test("fixed-size message with the wrong length") { check('Z', "invalid length 6", "Z", 0, 0, 0, 6, "I", 0) }
    test("zero-field message with a body") { check('1', "invalid length 5", "1", 0, 0, 0, 5, 0) }
    test("control message longer than any legitimate one") { check('C', "invalid length", "C", 0x01, 0, 0, 0) }
    test("BackendKeyData key longer than 256 bytes") { check('K', "invalid length 265", "K", 0, 0, 1, 9) }
    test("BackendKeyData key shorter than 4 bytes") { check('K', "invalid length 11", "K", 0, 0, 0, 11, 0, 0, 0, 1, 1, 2, 3) }
    test("truncated field: MD5 request without its salt") { check('R', "truncated MD5 salt", "R", 0, 0, 0, 10, 0, 0, 0, 5, 1, 2) }
    test("unknown authentication code") { check('R', "unknown authentication request code 99", "R", 0, 0, 0, 8, 0, 0, 0, 99) }
    test("missing NUL terminator") { check('S', "missing NUL terminator in parameter value", "S", 0, 0, 0, 8, "a", 0, "bc") }
    test("SASL mechanism list without its terminator") {
        check('R', "truncated SASL mechanism list", "R", 0, 0, 0, 14, 0, 0, 0, 10, "SCRAM", 0)
    }
    test("trailing bytes after a command tag") { check('C', "trailing", "C", 0, 0, 0, 8, "OK", 0, "x") }
    test("trailing bytes after an error's fields") { check('E', "trailing", "E", 0, 0, 0, 9, "M", "x", 0, 0, "y") }
    test("invalid transaction status") { check('Z', "unknown transaction status", "Z", 0, 0, 0, 5, "Q") }

    context("DataRow") {
        test("column count larger than the body can hold") {
            check('D', "impossible column count 2", "D", 0, 0, 0, 10, 0, 2, 0, 0, 0, 0)
        }
        test("column length running past the message") {
            check('D', "column 0 declares 5 bytes", "D", 0, 0, 0, 13, 0, 1, 0, 0, 0, 5, "abc")
        }
        test("column count smaller than the columns present: trailing bytes") {
            check('D', "trailing bytes after the last column", "D", 0, 0, 0, 15, 0, 1, 0, 0, 0, 1, "a", 0, 0, 0, 0)
        }
        test("truncated length prefix") {
            check('D', "truncated length of column 1", "D", 0, 0, 0, 15, 0, 2, 0, 0, 0, 2, "ab", 0, 0, 0)
        }
        test("negative lengths other than -1") {
            check('D', "negative length -2 of column 0", "D", 0, 0, 0, 10, 0, 1, 0xff, 0xff, 0xff, 0xfe)
        }
    }

    test("RowDescription with an impossible field count") {
        check('T', "impossible field count 1000", "T", 0, 0, 0, 26, 0x03, 0xe8, "a", 0, ByteArray(18))
    }
    test("RowDescription field with an invalid format code") {
        check('T', "invalid field format code 7", "T", 0, 0, 0, 26, 0, 1, "a", 0, ByteArray(16), 0, 7)
    }
    test("ParameterDescription count disagreeing with its body") {
        check('t', "parameter count 3 disagrees", "t", 0, 0, 0, 10, 0, 3, 0, 0, 0, 23)
    }
    test("CopyOutResponse with an invalid format and with binary columns in a text copy") {
        check('H', "invalid overall copy format 2", "H", 0, 0, 0, 7, 2, 0, 0)
        check('G', "textual copy cannot have binary columns", "G", 0, 0, 0, 9, 0, 0, 1, 0, 1)
    }
    test("NegotiateProtocolVersion with an impossible option count") {
        check('v', "impossible option count", "v", 0, 0, 0, 12, 0, 0, 0, 0, 0x7f, 0, 0, 0)
    }

    test("after a failure the decoder is poisoned and rethrows") {
        val d = BackendDecoder()
        val e = failure("Z", 0, 0, 0, 3, decoder = d)
        shouldThrow<ProtocolException> { d.next() } shouldBeSameInstanceAs e
        shouldThrow<ProtocolException> { d.feed(wire("Z", 0, 0, 0, 5, "I")) } shouldBeSameInstanceAs e
        shouldThrow<ProtocolException> { d.receiveBuffer() } shouldBeSameInstanceAs e
        shouldThrow<ProtocolException> { d.nextEncryptionResponse(EncryptionRequest.SSL) } shouldBeSameInstanceAs e
    }

    context("answers to encryption requests") {
        test("an unexpected byte") {
            val d = BackendDecoder()
            d.feed(wire("G"))
            val e = shouldThrow<ProtocolException> { d.nextEncryptionResponse(EncryptionRequest.SSL) }
            e.tag shouldBe 'G'
            e.offset shouldBe 0L
        }
        test("unencrypted bytes buffered behind an acceptance") {
            val d = BackendDecoder()
            d.feed(wire("S", "Z", 0, 0, 0, 5, "I"))
            val e = shouldThrow<ProtocolException> { d.nextEncryptionResponse(EncryptionRequest.SSL) }
            e.message shouldContain "6 unencrypted bytes"
            e.offset shouldBe 1L
        }
    }
})
