package io.databridge.pg.protocol

import io.databridge.pg.errors.ProtocolException
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldNotContain
import io.kotest.matchers.types.shouldBeSameInstanceAs

class BackendMessagesSpec : FunSpec({
    fun single(vararg parts: Any): BackendMessage {
        val decoder = BackendDecoder()
        decoder.feed(wire(*parts))
        val message = decoder.next()!!
        decoder.next() shouldBe null
        decoder.bufferedBytes shouldBe 0
        return message
    }

    context("authentication requests") {
        test("Ok, KerberosV5, CleartextPassword, GSS, SSPI are singletons") {
            single("R", 0, 0, 0, 8, 0, 0, 0, 0) shouldBeSameInstanceAs AuthenticationOk
            single("R", 0, 0, 0, 8, 0, 0, 0, 2) shouldBeSameInstanceAs AuthenticationKerberosV5
            single("R", 0, 0, 0, 8, 0, 0, 0, 3) shouldBeSameInstanceAs AuthenticationCleartextPassword
            single("R", 0, 0, 0, 8, 0, 0, 0, 7) shouldBeSameInstanceAs AuthenticationGSS
            single("R", 0, 0, 0, 8, 0, 0, 0, 9) shouldBeSameInstanceAs AuthenticationSSPI
        }
        test("MD5Password carries the salt but does not print it") {
            val m = single("R", 0, 0, 0, 12, 0, 0, 0, 5, 0xde, 0xad, 0xbe, 0xef)
            m shouldBe AuthenticationMD5Password(wire(0xde, 0xad, 0xbe, 0xef))
            m.toString() shouldNotContain "-34"
        }
        test("GSSContinue, SASLContinue, SASLFinal carry their data") {
            single("R", 0, 0, 0, 11, 0, 0, 0, 8, "tok") shouldBe AuthenticationGSSContinue("tok".toByteArray())
            single("R", 0, 0, 0, 14, 0, 0, 0, 11, "r=abc,") shouldBe AuthenticationSASLContinue("r=abc,".toByteArray())
            single("R", 0, 0, 0, 12, 0, 0, 0, 12, "v=xy") shouldBe AuthenticationSASLFinal("v=xy".toByteArray())
        }
        test("SASL lists the mechanisms up to the empty terminator") {
            single("R", 0, 0, 0, 42, 0, 0, 0, 10, "SCRAM-SHA-256-PLUS", 0, "SCRAM-SHA-256", 0, 0) shouldBe
                AuthenticationSASL(listOf("SCRAM-SHA-256-PLUS", "SCRAM-SHA-256"))
        }
    }

    test("BackendKeyData with a 3.0 key and a 3.2 32-byte key; the key is not printed") {
        single("K", 0, 0, 0, 12, 0, 0, 0x30, 0x39, 9, 8, 7, 6) shouldBe BackendKeyData(12345, wire(9, 8, 7, 6))
        val key = ByteArray(32) { (it * 7).toByte() }
        val m = single("K", 0, 0, 0, 40, 0, 0, 0, 1, key) as BackendKeyData
        m.secretKey.toList() shouldBe key.toList()
        m.toString() shouldBe "BackendKeyData(processId=1, secretKey=<32 bytes>)"
    }

    test("ParameterStatus") {
        single("S", 0, 0, 0, 25, "client_encoding", 0, "UTF8", 0) shouldBe ParameterStatus("client_encoding", "UTF8")
    }

    test("ReadyForQuery in each transaction state, shared instances") {
        single("Z", 0, 0, 0, 5, "I") shouldBeSameInstanceAs ReadyForQuery.IDLE
        single("Z", 0, 0, 0, 5, "T") shouldBeSameInstanceAs ReadyForQuery.IN_TRANSACTION
        (single("Z", 0, 0, 0, 5, "E") as ReadyForQuery).status shouldBe TransactionStatus.FAILED
    }

    test("RowDescription with all field attributes") {
        val m = single(
            "T", 0, 0, 0, 48, 0, 2,
            "id", 0, 0, 0, 0x40, 0x00, 0, 1, 0, 0, 0, 23, 0, 4, 0xff, 0xff, 0xff, 0xff, 0, 1,
            "nm", 0, 0, 0, 0, 0, 0, 0, 0, 0, 4, 19, 0xff, 0xff, 0, 0, 0, 14, 0, 0,
        ) as RowDescription
        m.fields shouldContainExactly listOf(
            FieldDescription("id", 16384, 1, 23, 4, -1, 1),
            FieldDescription("nm", 0, 0, 1043, -1, 14, 0),
        )
    }

    test("ParameterDescription") {
        (single("t", 0, 0, 0, 14, 0, 2, 0, 0, 0, 23, 0, 0, 0, 25) as ParameterDescription).typeOids.toList() shouldBe listOf(23, 25)
    }

    test("DataRow with a value, a NULL and an empty value") {
        val row = single("D", 0, 0, 0, 21, 0, 3, 0, 0, 0, 3, "abc", 0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0) as DataRow
        row.columnCount shouldBe 3
        row.isNull(0) shouldBe false
        row.valueLength(0) shouldBe 3
        String(row.array, row.valueOffset(0), 3) shouldBe "abc"
        row.bytes(0)!!.toList() shouldBe "abc".toByteArray().toList()
        row.text(0) shouldBe "abc"
        row.isNull(1) shouldBe true
        row.valueLength(1) shouldBe -1
        row.bytes(1) shouldBe null
        row.text(1) shouldBe null
        row.isNull(2) shouldBe false
        row.bytes(2)!!.size shouldBe 0
        row.toString() shouldBe "DataRow(<3 bytes>, NULL, <0 bytes>)"
    }

    test("DataRow with no columns") {
        (single("D", 0, 0, 0, 6, 0, 0) as DataRow).columnCount shouldBe 0
    }

    test("DataRows sharing position arrays keep their own values, across full arrays and rows wider than one") {
        // Column i of row r holds the text "r:i"; the last row is wider than a whole positions array.
        fun dataRow(r: Int, columns: Int): ByteArray {
            val values = (0 until columns).map { "$r:$it".toByteArray() }
            val body = java.io.ByteArrayOutputStream()
            body.write(byteArrayOf((columns shr 8).toByte(), columns.toByte()))
            for (v in values) {
                body.write(byteArrayOf(0, 0, 0, v.size.toByte()))
                body.write(v)
            }
            val bytes = body.toByteArray()
            val length = bytes.size + 4
            return byteArrayOf('D'.code.toByte(), (length shr 24).toByte(), (length shr 16).toByte(), (length shr 8).toByte(), length.toByte()) + bytes
        }
        val widths = List(1500) { 1 + it % 13 } + 3000
        val decoder = BackendDecoder()
        val rows = widths.mapIndexed { r, width ->
            decoder.feed(dataRow(r, width))
            decoder.next() as DataRow
        }
        decoder.next() shouldBe null
        rows.forEachIndexed { r, row ->
            row.columnCount shouldBe widths[r]
            for (i in 0 until row.columnCount) row.text(i) shouldBe "$r:$i"
        }
        // An index past this row's columns must not read the next row's positions.
        shouldThrow<IndexOutOfBoundsException> { rows[0].valueLength(1) }
        shouldThrow<IndexOutOfBoundsException> { rows[0].text(-1) }
    }

    test("CommandComplete parses row counts for counting commands only") {
        fun tag(t: String) = single("C", int32(t.length + 5), t, 0) as CommandComplete
        tag("INSERT 0 5").rowCount shouldBe 5
        tag("UPDATE 12").rowCount shouldBe 12
        tag("DELETE 0").rowCount shouldBe 0
        tag("SELECT 3000000000").rowCount shouldBe 3_000_000_000L
        tag("MERGE 2").rowCount shouldBe 2
        tag("COPY 7").rowCount shouldBe 7
        tag("FETCH 100").rowCount shouldBe 100
        tag("MOVE 4").rowCount shouldBe 4
        tag("CREATE TABLE").rowCount shouldBe -1
        tag("BEGIN").rowCount shouldBe -1
        tag("SELECT").rowCount shouldBe -1
        tag("CREATE TABLE").tag shouldBe "CREATE TABLE"
    }

    test("CommandComplete refuses counts that are not plain digits or overflow a Long") {
        fun tag(t: String) = single("C", int32(t.length + 5), t, 0) as CommandComplete
        tag("SELECT 9223372036854775807").rowCount shouldBe Long.MAX_VALUE
        tag("SELECT 9223372036854775808").rowCount shouldBe -1
        tag("SELECT 99999999999999999999").rowCount shouldBe -1
        tag("SELECT 1x").rowCount shouldBe -1
        tag("SELECT -1").rowCount shouldBe -1
        tag("SELECT ").rowCount shouldBe -1
        tag("SELECTED 5").rowCount shouldBe -1
        tag("SELEC 5").rowCount shouldBe -1
        tag("INSERT 0 ").rowCount shouldBe -1
    }

    test("a repeated CommandComplete is decoded once and shared; a different or malformed one is not") {
        fun tag(t: String) = wire("C", int32(t.length + 5), t, 0)
        val decoder = BackendDecoder()
        decoder.feed(tag("SELECT 1") + tag("SELECT 1") + tag("SELECT 2") + tag("SELECT 1"))
        val first = decoder.next() as CommandComplete
        decoder.next() shouldBeSameInstanceAs first
        (decoder.next() as CommandComplete).rowCount shouldBe 2
        (decoder.next() as CommandComplete).tag shouldBe "SELECT 1"
        decoder.feed(wire("C", int32(12), "SELECT 1"))
        shouldThrow<ProtocolException> { decoder.next() }.message shouldContain "NUL"
    }

    test("zero-field messages are singletons") {
        single("I", 0, 0, 0, 4) shouldBeSameInstanceAs EmptyQueryResponse
        single("1", 0, 0, 0, 4) shouldBeSameInstanceAs ParseComplete
        single("2", 0, 0, 0, 4) shouldBeSameInstanceAs BindComplete
        single("3", 0, 0, 0, 4) shouldBeSameInstanceAs CloseComplete
        single("n", 0, 0, 0, 4) shouldBeSameInstanceAs NoData
        single("s", 0, 0, 0, 4) shouldBeSameInstanceAs PortalSuspended
        single("c", 0, 0, 0, 4) shouldBeSameInstanceAs CopyDone
    }

    test("ErrorResponse and NoticeResponse keep every field by code, in order") {
        val fields = wire("S", "ERROR", 0, "V", "ERROR", 0, "C", "23505", 0, "M", "dup", 0, "n", "pk", 0, "Z", "x", 0, 0)
        val e = single("E", int32(fields.size + 4), fields) as ErrorResponse
        e.fields shouldBe linkedMapOf('S' to "ERROR", 'V' to "ERROR", 'C' to "23505", 'M' to "dup", 'n' to "pk", 'Z' to "x")
        e.fields.keys.toList() shouldContainExactly listOf('S', 'V', 'C', 'M', 'n', 'Z')
        single("N", 0, 0, 0, 17, "S", "NOTICE", 0, "M", "hi", 0, 0) shouldBe NoticeResponse(mapOf('S' to "NOTICE", 'M' to "hi"))
    }

    test("NotificationResponse, also with an empty payload") {
        single("A", 0, 0, 0, 19, 0, 0, 0, 42, "chan", 0, "hello", 0) shouldBe NotificationResponse(42, "chan", "hello")
        single("A", 0, 0, 0, 12, 0, 0, 0, 42, "ch", 0, 0) shouldBe NotificationResponse(42, "ch", "")
    }

    test("CopyIn/Out/BothResponse with per-column formats") {
        single("G", 0, 0, 0, 11, 0, 0, 2, 0, 0, 0, 0) shouldBe CopyInResponse(0, intArrayOf(0, 0))
        single("H", 0, 0, 0, 9, 1, 0, 1, 0, 1) shouldBe CopyOutResponse(1, intArrayOf(1))
        single("W", 0, 0, 0, 7, 0, 0, 0) shouldBe CopyBothResponse(0, intArrayOf())
        (CopyInResponse(0, intArrayOf()) == CopyOutResponse(0, intArrayOf())) shouldBe false
    }

    test("CopyData is sliced, not copied") {
        val m = single("d", 0, 0, 0, 9, "1\t2\n", 0) as CopyData
        m.length shouldBe 5
        m.bytes().toList() shouldBe wire("1\t2\n", 0).toList()
        m.offset shouldBe 5
    }

    test("NegotiateProtocolVersion with unrecognized options") {
        single("v", 0, 0, 0, 27, 0, 0, 0, 0, 0, 0, 0, 2, "_pq_.a", 0, "_pq_.bb", 0) shouldBe
            NegotiateProtocolVersion(0, listOf("_pq_.a", "_pq_.bb"))
        val v = single("v", 0, 0, 0, 12, 0, 3, 0, 2, 0, 0, 0, 0) as NegotiateProtocolVersion
        v shouldBe NegotiateProtocolVersion(196610, emptyList())
        v.newestMinor shouldBe 2
    }

    context("answers to encryption requests") {
        test("'S' accepts SSL, 'G' accepts GSS, 'N' rejects") {
            val d = BackendDecoder()
            d.nextEncryptionResponse(EncryptionRequest.SSL) shouldBe null
            d.feed(wire("S"))
            d.nextEncryptionResponse(EncryptionRequest.SSL) shouldBe EncryptionResponse.ACCEPTED
            d.position shouldBe 1
            d.feed(wire("G"))
            d.nextEncryptionResponse(EncryptionRequest.GSS) shouldBe EncryptionResponse.ACCEPTED
            d.feed(wire("N"))
            d.nextEncryptionResponse(EncryptionRequest.GSS) shouldBe EncryptionResponse.REJECTED
        }
        test("'N' may be followed by ordinary messages") {
            val d = BackendDecoder()
            d.feed(wire("N", "Z", 0, 0, 0, 5, "I"))
            d.nextEncryptionResponse(EncryptionRequest.SSL) shouldBe EncryptionResponse.REJECTED
            d.next() shouldBeSameInstanceAs ReadyForQuery.IDLE
        }
        test("'E' leaves the ErrorResponse for next()") {
            val d = BackendDecoder()
            d.feed(wire("E", 0, 0, 0, 10, "M", "old", 0, 0))
            d.nextEncryptionResponse(EncryptionRequest.GSS) shouldBe EncryptionResponse.ERROR_FOLLOWS
            d.next() shouldBe ErrorResponse(mapOf('M' to "old"))
        }
    }
})
