package io.databridge.pg.protocol

import io.databridge.pg.config.ProtocolVersion
import io.databridge.pg.errors.ProtocolException
import io.databridge.pg.errors.TooManyParametersException
import io.kotest.assertions.throwables.shouldNotThrowAny
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain

/** Byte-level limits: parameter count, ParameterStatus size, protocol negotiation, unpaired surrogates. */
class WireLimitsSpec : FunSpec({
    test("65,535 parameters pass the check, 65,536 are refused naming the limit") {
        shouldNotThrowAny { requireParameterCount(65_535) }
        val e = shouldThrow<TooManyParametersException> { requireParameterCount(65_536) }
        e.limit shouldBe MAX_PARAMETERS
        e.message shouldContain "at most 65535"
    }

    test("a ParameterStatus up to the limit decodes; one byte more is refused from its header") {
        val name = "search_path"
        val fits = "x".repeat(BackendDecoder.MAX_PARAMETER_STATUS_SIZE - name.length - 2)
        val ok = decodeAll(wire("S", int32(4 + name.length + 1 + fits.length + 1), name, 0, fits, 0)).single() as ParameterStatus
        ok.value shouldBe fits
        val over = fits + "x"
        val e = shouldThrow<ProtocolException> { decodeAll(wire("S", int32(4 + name.length + 1 + over.length + 1), name, 0)) }
        e.message shouldContain "exceeds the limit of ${BackendDecoder.MAX_PARAMETER_STATUS_SIZE} bytes"
    }

    test("NegotiateProtocolVersion: an older or equal 3.x is acceptable, a newer or another major is refused") {
        shouldNotThrowAny { NegotiateProtocolVersion(196608, listOf("_pq_.x")).requireAcceptableFor(ProtocolVersion.V3_0) }
        shouldNotThrowAny { NegotiateProtocolVersion(196608, emptyList()).requireAcceptableFor(ProtocolVersion.V3_2) }
        shouldThrow<ProtocolException> { NegotiateProtocolVersion(196610, emptyList()).requireAcceptableFor(ProtocolVersion.V3_0) }
            .message shouldContain "offered protocol version 3.2"
        shouldThrow<ProtocolException> { NegotiateProtocolVersion(4 shl 16, emptyList()).requireAcceptableFor(ProtocolVersion.V3_2) }
    }

    test("an unpaired surrogate is found wherever it is; a valid pair is not one") {
        firstUnpairedSurrogate("abc") shouldBe -1
        firstUnpairedSurrogate("a\uD83D\uDE00b") shouldBe -1
        firstUnpairedSurrogate("a\uD800") shouldBe 1
        firstUnpairedSurrogate("\uDC00a") shouldBe 0
        firstUnpairedSurrogate("é\uD800x") shouldBe 1
    }

    test("writeUtf8 refuses a lone surrogate instead of writing '?'; protocol strings are checked before the message begins") {
        val w = ByteWriter(16)
        shouldThrow<UnpairedSurrogateException> { w.writeUtf8("é\uD800") }.index shouldBe 1
        val out = ByteWriter(16)
        shouldThrow<IllegalArgumentException> { out.writeQuery("SELECT '\uDBFF'") }.message shouldContain "unpaired UTF-16 surrogate"
        out.size shouldBe 0
        encoded { writeUtf8("a\uD83D\uDE00") }.size shouldBe 5
    }
})
