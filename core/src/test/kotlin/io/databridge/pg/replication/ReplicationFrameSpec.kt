package io.databridge.pg.replication

import io.databridge.pg.errors.ProtocolException
import io.databridge.pg.protocol.ByteWriter
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.types.shouldBeInstanceOf
import java.time.Instant

class ReplicationFrameSpec : FunSpec({
    test("LSNs parse and print as PostgreSQL writes them and compare unsigned") {
        Lsn.parse("16/B374D848").value shouldBe 0x16_B374_D848L
        Lsn(0x16_B374_D848L).toString() shouldBe "16/B374D848"
        Lsn.ZERO.toString() shouldBe "0/0"
        (Lsn(-1) > Lsn(1)) shouldBe true
        Lsn(5).max(Lsn(3)) shouldBe Lsn(5)
        shouldThrow<IllegalArgumentException> { Lsn.parse("16B374D848") }.message shouldContain "not an LSN"
        shouldThrow<IllegalArgumentException> { Lsn.parse("G/1") }
    }

    test("XLogData frames carry the positions and the payload") {
        val bytes = ByteWriter(64).apply {
            writeByte('w'.code); writeLong(0x100); writeLong(0x200); writeLong(1_000_000); writeBytes(byteArrayOf(66, 1, 2))
        }.toByteArray()
        val frame = ReplicationFrames.decode(bytes).shouldBeInstanceOf<XLogData>()
        frame.dataStart shouldBe Lsn(0x100)
        frame.walEnd shouldBe Lsn(0x200)
        frame.sendTime shouldBe Instant.parse("2000-01-01T00:00:01Z")
        frame.data.toList() shouldBe listOf<Byte>(66, 1, 2)
    }

    test("keepalives carry the reply request") {
        val bytes = ByteWriter(64).apply { writeByte('k'.code); writeLong(0x300); writeLong(0); writeByte(1) }.toByteArray()
        ReplicationFrames.decode(bytes) shouldBe PrimaryKeepalive(Lsn(0x300), Instant.parse("2000-01-01T00:00:00Z"), true)
    }

    test("status updates are 34 bytes in the documented layout") {
        val bytes = ReplicationFrames.statusUpdate(Lsn(1), Lsn(2), Lsn(3), Instant.parse("2000-01-01T00:00:02Z"), replyRequested = true)
        val expected = ByteWriter(64).apply {
            writeByte('r'.code); writeLong(1); writeLong(2); writeLong(3); writeLong(2_000_000); writeByte(1)
        }.toByteArray()
        bytes.toList() shouldBe expected.toList()
    }

    test("malformed frames raise ProtocolException") {
        shouldThrow<ProtocolException> { ReplicationFrames.decode(byteArrayOf('x'.code.toByte())) }.message shouldContain "unknown frame kind 'x'"
        shouldThrow<ProtocolException> { ReplicationFrames.decode(byteArrayOf('k'.code.toByte(), 0, 0)) }.message shouldContain "truncated at WAL end"
        val long = ByteWriter(64).apply { writeByte('k'.code); writeLong(0); writeLong(0); writeByte(0); writeByte(0) }.toByteArray()
        shouldThrow<ProtocolException> { ReplicationFrames.decode(long) }.message shouldContain "trailing"
    }
})
