package io.databridge.pg.replication

import io.databridge.pg.errors.ProtocolException
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.types.shouldBeInstanceOf
import java.time.Instant

class PgOutputDecoderSpec : FunSpec({
    val y2k1 = 31_622_400_000_000L // 2001-01-01 in microseconds since 2000-01-01

    test("Begin and Commit carry LSNs, times and the xid") {
        val decoder = PgOutputDecoder()
        decoder.decode(pgoutput('B') { writeLong(0x1_0000_0010L); writeLong(y2k1); writeInt(742) }) shouldBe
            Begin(Lsn.parse("1/10"), Instant.parse("2001-01-01T00:00:00Z"), 742)
        decoder.decode(pgoutput('C') { writeByte(0); writeLong(0x20); writeLong(0x48); writeLong(y2k1 + 1) }) shouldBe
            Commit(0, Lsn(0x20), Lsn(0x48), Instant.parse("2001-01-01T00:00:00.000001Z"))
    }

    test("Relation lists columns with key flags, types and the replica identity") {
        val message = PgOutputDecoder().decode(relationMessage(16384, "books", 'f', Triple("id", 23, true), Triple("title", 25, false)))
        message shouldBe RelationMessage(
            0,
            Relation(16384, "public", "books", ReplicaIdentity.FULL, listOf(RelationColumn("id", 23, -1, true), RelationColumn("title", 25, -1, false))),
        )
    }

    test("tuples tell NULL, unchanged TOAST, text and binary apart") {
        val message = PgOutputDecoder().decode(
            pgoutput('I') {
                writeInt(7)
                writeByte('N'.code)
                writeShort(4)
                writeByte('n'.code)
                writeByte('u'.code)
                writeByte('t'.code); writeInt(2); writeBytes("42".toByteArray())
                writeByte('b'.code); writeInt(4); writeInt(42)
            },
        )
        message shouldBe Insert(0, 7, listOf(Cell.Null, Cell.UnchangedToast, Cell.Text("42".toByteArray()), Cell.Binary(byteArrayOf(0, 0, 0, 42))))
    }

    test("Update with old key, with old row and without; Delete; Truncate options") {
        val d = PgOutputDecoder()
        d.decode(pgoutput('U') { writeInt(7); writeByte('N'.code); tuple("1", "b") }) shouldBe
            Update(0, 7, null, false, listOf(Cell.Text("1".toByteArray()), Cell.Text("b".toByteArray())))
        val withKey = d.decode(pgoutput('U') { writeInt(7); writeByte('K'.code); tuple("1", null); writeByte('N'.code); tuple("2", "b") })
        withKey.shouldBeInstanceOf<Update>().oldIsKey shouldBe true
        val withOld = d.decode(pgoutput('U') { writeInt(7); writeByte('O'.code); tuple("1", "a"); writeByte('N'.code); tuple("1", UNCHANGED) })
        withOld.shouldBeInstanceOf<Update>().oldTuple shouldBe listOf(Cell.Text("1".toByteArray()), Cell.Text("a".toByteArray()))
        withOld.newTuple[1] shouldBe Cell.UnchangedToast
        d.decode(pgoutput('D') { writeInt(7); writeByte('O'.code); tuple("1", "a") }).shouldBeInstanceOf<Delete>().oldIsKey shouldBe false
        d.decode(pgoutput('T') { writeInt(2); writeByte(3); writeInt(7); writeInt(8) }) shouldBe Truncate(0, listOf(7, 8), cascade = true, restartIdentity = true)
    }

    test("inside a streamed block changes carry their xid; outside they do not") {
        val d = PgOutputDecoder()
        d.decode(pgoutput('S') { writeInt(900); writeByte(1) }) shouldBe StreamStart(900, true)
        d.decode(insert(7, "1", xid = 901)) shouldBe Insert(901, 7, listOf(Cell.Text("1".toByteArray())))
        d.decode(pgoutput('E') {}) shouldBe StreamStop
        d.decode(insert(7, "1")) shouldBe Insert(0, 7, listOf(Cell.Text("1".toByteArray())))
        d.decode(pgoutput('c') { writeInt(900); writeByte(0); writeLong(0x30); writeLong(0x40); writeLong(0) }) shouldBe
            StreamCommit(900, 0, Lsn(0x30), Lsn(0x40), Instant.parse("2000-01-01T00:00:00Z"))
        d.decode(pgoutput('A') { writeInt(900); writeInt(901) }) shouldBe StreamAbort(900, 901, null, null)
        d.decode(pgoutput('A') { writeInt(900); writeInt(900); writeLong(0x50); writeLong(y2k1) }) shouldBe
            StreamAbort(900, 900, Lsn(0x50), Instant.parse("2001-01-01T00:00:00Z"))
    }

    test("two-phase messages and logical messages") {
        val d = PgOutputDecoder()
        d.decode(pgoutput('b') { writeLong(0x10); writeLong(0x18); writeLong(0); writeInt(5); writeCString("g1") }) shouldBe
            BeginPrepare(Lsn(0x10), Lsn(0x18), Instant.parse("2000-01-01T00:00:00Z"), 5, "g1")
        d.decode(pgoutput('P') { writeByte(0); writeLong(0x10); writeLong(0x18); writeLong(0); writeInt(5); writeCString("g1") })
            .shouldBeInstanceOf<Prepare>().gid shouldBe "g1"
        d.decode(pgoutput('K') { writeByte(0); writeLong(0x20); writeLong(0x28); writeLong(0); writeInt(5); writeCString("g1") })
            .shouldBeInstanceOf<CommitPrepared>().endLsn shouldBe Lsn(0x28)
        d.decode(pgoutput('r') { writeByte(0); writeLong(0x18); writeLong(0x38); writeLong(0); writeLong(0); writeInt(5); writeCString("g1") })
            .shouldBeInstanceOf<RollbackPrepared>().rollbackEndLsn shouldBe Lsn(0x38)
        d.decode(pgoutput('p') { writeByte(0); writeLong(0x10); writeLong(0x18); writeLong(0); writeInt(5); writeCString("g2") })
            .shouldBeInstanceOf<Prepare>().streamed shouldBe true
        d.decode(pgoutput('M') { writeByte(1); writeLong(0x60); writeCString("outbox"); writeInt(2); writeBytes(byteArrayOf(1, 2)) }) shouldBe
            LogicalMessage(0, true, Lsn(0x60), "outbox", byteArrayOf(1, 2))
        d.decode(pgoutput('O') { writeLong(0x70); writeCString("node1") }) shouldBe Origin(Lsn(0x70), "node1")
        d.decode(pgoutput('Y') { writeInt(90000); writeCString("public"); writeCString("mood") }) shouldBe
            TypeMessage(0, ReplicatedType(90000, "public", "mood"))
    }

    test("malformed input raises ProtocolException naming the problem") {
        fun fails(bytes: ByteArray, decoder: PgOutputDecoder = PgOutputDecoder()) = shouldThrow<ProtocolException> { decoder.decode(bytes) }.message!!
        fails(pgoutput('Z') {}) shouldContain "unknown message kind 'Z'"
        fails(pgoutput('B') { writeLong(1) }) shouldContain "truncated at commit time"
        fails(pgoutput('C') { writeByte(0); writeLong(1); writeLong(2); writeLong(3); writeByte(9) }) shouldContain "trailing"
        fails(pgoutput('I') { writeInt(7); writeByte('X'.code); tuple("1") }) shouldContain "expected tuple kind 'N'"
        fails(pgoutput('I') { writeInt(7); writeByte('N'.code); writeShort(1); writeByte('q'.code) }) shouldContain "unknown column kind 'q'"
        fails(pgoutput('I') { writeInt(7); writeByte('N'.code); writeShort(1); writeByte('t'.code); writeInt(-5) }) shouldContain "negative length"
        fails(pgoutput('I') { writeInt(7); writeByte('N'.code); writeShort(1); writeByte('t'.code); writeInt(100); writeByte(1) }) shouldContain "truncated at text value"
        fails(pgoutput('R') { writeInt(1); writeCString("public") }) shouldContain "unterminated string at relation name"
        fails(relationMessage(1, "t", 'z')) shouldContain "unknown replica identity 'z'"
        fails(pgoutput('T') { writeInt(1_000_000); writeByte(0) }) shouldContain "relation count"
        fails(pgoutput('E') {}) shouldContain "Stream Stop without Stream Start"
        fails(byteArrayOf()) shouldContain "truncated at kind"
    }
})
