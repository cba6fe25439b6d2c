package io.databridge.pg.replication

import io.databridge.pg.errors.ProtocolException
import io.databridge.pg.errors.ValueDecodingException
import io.databridge.pg.types.CodecContext
import io.databridge.pg.types.TypeRegistry
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldBeEmpty
import io.kotest.matchers.nulls.shouldBeNull
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.types.shouldBeInstanceOf

private object BuiltinContext : CodecContext {
    override val registry: TypeRegistry = TypeRegistry.withBuiltins()

    override fun serverParameter(name: String): String? = null
}

private class Feed(partSize: Int = Int.MAX_VALUE) {
    val decoder = PgOutputDecoder()
    val assembler = TransactionAssembler(BuiltinContext, partSize = partSize)

    fun all(vararg messages: ByteArray): List<ReplicationEvent> = messages.mapNotNull { assembler.accept(decoder.decode(it)) }
}

class TransactionAssemblerSpec : FunSpec({
    val books = relationMessage(7, "books", 'd', Triple("id", 23, true), Triple("title", 25, false))
    val fullBooks = relationMessage(7, "books", 'f', Triple("id", 23, true), Triple("title", 25, false))

    test("a transaction's changes arrive together, decoded by the codecs, with ordinals") {
        val events = Feed().all(books, begin(0x100, 42), insert(7, "1", "Dune"), insert(7, "2", null), commit(0x100, 0x130))
        val tx = events.single().shouldBeInstanceOf<ChangeTransaction>()
        tx.xid shouldBe 42
        tx.commitLsn shouldBe Lsn(0x100)
        tx.endLsn shouldBe Lsn(0x130)
        tx.outcome shouldBe TransactionOutcome.COMMITTED
        tx.changes.map { it.ordinal } shouldBe listOf(0, 1)
        val first = tx.changes[0].shouldBeInstanceOf<RowInserted>().newRow
        first["id"] shouldBe 1
        first["title"] shouldBe "Dune"
        tx.changes[1].shouldBeInstanceOf<RowInserted>().newRow.isNull("title") shouldBe true
    }

    test("unchanged TOAST stays marked under REPLICA IDENTITY DEFAULT and is filled from a FULL old row") {
        val keyed = Feed().all(books, begin(1, 1), pgoutput('U') { writeInt(7); writeByte('N'.code); tuple("1", UNCHANGED) }, commit(1, 2))
        val row = (keyed.single() as ChangeTransaction).changes.single().shouldBeInstanceOf<RowUpdated>().newRow
        row.isUnchangedToast("title") shouldBe true
        row.isNull("title") shouldBe false
        shouldThrow<ValueDecodingException> { row["title"] }.message shouldContain "unchanged TOAST"
        row.toMap() shouldBe mapOf("id" to 1)

        val full = Feed().all(
            fullBooks, begin(1, 1),
            pgoutput('U') { writeInt(7); writeByte('O'.code); tuple("1", "long text"); writeByte('N'.code); tuple("1", UNCHANGED) },
            commit(1, 2),
        )
        val update = (full.single() as ChangeTransaction).changes.single().shouldBeInstanceOf<RowUpdated>()
        update.newRow["title"] shouldBe "long text"
        update.oldRow!!["title"] shouldBe "long text"
    }

    test("a transaction sent after it ended comes in parts of partSize changes; only the last is complete") {
        val events = Feed(partSize = 2).all(
            books, begin(0x100, 42), insert(7, "1", "a"), insert(7, "2", "b"), insert(7, "3", "c"), insert(7, "4", "d"), insert(7, "5", "e"),
            commit(0x100, 0x130), begin(0x200, 43), insert(7, "6", "f"), commit(0x200, 0x230),
        ).map { it.shouldBeInstanceOf<ChangeTransaction>() }
        events.map { tx -> tx.changes.map { (it as RowInserted).newRow["id"] } } shouldBe listOf(listOf(1, 2), listOf(3, 4), listOf(5), listOf(6))
        events.map { it.complete } shouldBe listOf(false, false, true, true)
        events.take(3).flatMap { tx -> tx.changes.map { it.ordinal } } shouldBe listOf(0, 1, 2, 3, 4)
        events.take(3).map { it.xid to it.commitLsn } shouldBe List(3) { 42 to Lsn(0x100) }
        events.take(2).map { it.endLsn } shouldBe listOf(Lsn(0x100), Lsn(0x100))
        events[2].endLsn shouldBe Lsn(0x130)
    }

    test("a prepared transaction's parts know its gid and end LSN from Begin Prepare") {
        val events = Feed(partSize = 1).all(
            books,
            pgoutput('b') { writeLong(0x10); writeLong(0x18); writeLong(0); writeInt(5); writeCString("g1") },
            insert(7, "1", "x"), insert(7, "2", "y"),
            pgoutput('P') { writeByte(0); writeLong(0x10); writeLong(0x18); writeLong(0); writeInt(5); writeCString("g1") },
        ).map { it.shouldBeInstanceOf<ChangeTransaction>() }
        events.map { it.complete } shouldBe listOf(false, true)
        events.map { it.changes.size } shouldBe listOf(1, 1)
        events.all { it.outcome == TransactionOutcome.PREPARED && it.gid == "g1" && it.endLsn == Lsn(0x18) } shouldBe true
    }

    test("streamed transactions are held whole until Stream Commit, whatever the part size") {
        val events = Feed(partSize = 1).all(
            pgoutput('S') { writeInt(50); writeByte(1) },
            relationMessage(7, "books", 'd', Triple("id", 23, true), Triple("title", 25, false), xid = 50),
            insert(7, "1", "a", xid = 50), insert(7, "2", "b", xid = 50), pgoutput('E') {},
            pgoutput('c') { writeInt(50); writeByte(0); writeLong(0x30); writeLong(0x40); writeLong(0) },
        )
        val tx = events.single().shouldBeInstanceOf<ChangeTransaction>()
        tx.complete shouldBe true
        tx.changes.size shouldBe 2
    }

    test("streamed transactions are held until Stream Commit; an aborted subtransaction drops its changes") {
        val f = Feed()
        val events = f.all(
            pgoutput('S') { writeInt(50); writeByte(1) },
            relationMessage(7, "books", 'd', Triple("id", 23, true), Triple("title", 25, false), xid = 50),
            insert(7, "1", "a", xid = 50),
            insert(7, "2", "b", xid = 51),
            pgoutput('E') {},
            begin(0x10, 60), insert(7, "9", "other"), commit(0x10, 0x20),
            pgoutput('S') { writeInt(50); writeByte(0) },
            insert(7, "3", "c", xid = 52),
            pgoutput('E') {},
            pgoutput('A') { writeInt(50); writeInt(51) },
            pgoutput('S') { writeInt(50); writeByte(0) },
            insert(7, "4", "d", xid = 50),
            pgoutput('E') {},
            pgoutput('c') { writeInt(50); writeByte(0); writeLong(0x30); writeLong(0x40); writeLong(0) },
        )
        events.size shouldBe 2
        (events[0] as ChangeTransaction).xid shouldBe 60
        val streamed = events[1].shouldBeInstanceOf<ChangeTransaction>()
        streamed.streamed shouldBe true
        streamed.changes.map { (it as RowInserted).newRow["id"] } shouldBe listOf(1, 4)
        streamed.changes.map { it.ordinal } shouldBe listOf(0, 1)
    }

    test("a wholly aborted streamed transaction delivers nothing") {
        Feed().all(
            pgoutput('S') { writeInt(50); writeByte(1) }, relationMessage(7, "books", 'd', Triple("id", 23, true), xid = 50),
            insert(7, "1", xid = 50), pgoutput('E') {}, pgoutput('A') { writeInt(50); writeInt(50) },
        ).shouldBeEmpty()
    }

    test("two-phase: the prepared transaction, then its outcome") {
        val events = Feed().all(
            books,
            pgoutput('b') { writeLong(0x10); writeLong(0x18); writeLong(0); writeInt(5); writeCString("g1") },
            insert(7, "1", "x"),
            pgoutput('P') { writeByte(0); writeLong(0x10); writeLong(0x18); writeLong(0); writeInt(5); writeCString("g1") },
            pgoutput('K') { writeByte(0); writeLong(0x20); writeLong(0x28); writeLong(0); writeInt(5); writeCString("g1") },
        )
        val prepared = events[0].shouldBeInstanceOf<ChangeTransaction>()
        prepared.outcome shouldBe TransactionOutcome.PREPARED
        prepared.gid shouldBe "g1"
        events[1] shouldBe PreparedTransactionEnded(5, "g1", true, Lsn(0x28), java.time.Instant.parse("2000-01-01T00:00:00Z"))
    }

    test("non-transactional messages are delivered alone; transactional ones inside their transaction") {
        val events = Feed().all(
            pgoutput('M') { writeByte(0); writeLong(0x60); writeCString("ping"); writeInt(1); writeByte(7) },
            begin(1, 1),
            pgoutput('M') { writeByte(1); writeLong(0x61); writeCString("outbox"); writeInt(1); writeByte(8) },
            commit(1, 0x70),
        )
        events[0].shouldBeInstanceOf<StandaloneMessage>().prefix shouldBe "ping"
        val message = (events[1] as ChangeTransaction).changes.single().shouldBeInstanceOf<MessageEmitted>()
        message.prefix shouldBe "outbox"
        message.content.toList() shouldBe listOf<Byte>(8)
    }

    test("out-of-order streams raise ProtocolException") {
        shouldThrow<ProtocolException> { Feed().all(begin(1, 1), insert(99, "1")) }.message shouldContain "relation OID 99 before its Relation"
        shouldThrow<ProtocolException> { Feed().all(books, insert(7, "1")) }.message shouldContain "outside a transaction"
        shouldThrow<ProtocolException> { Feed().all(begin(1, 1), begin(2, 2)) }.message shouldContain "still open"
        shouldThrow<ProtocolException> { Feed().all(commit(1, 2)) }.message shouldContain "without a transaction"
        shouldThrow<ProtocolException> { Feed().all(books, begin(1, 1), insert(7, "1", "a", "extra")) }.message shouldContain "3 columns"
    }

    test("deletes carry the old key; columns outside the key are NULL") {
        val events = Feed().all(books, begin(1, 1), pgoutput('D') { writeInt(7); writeByte('K'.code); tuple("1", null) }, commit(1, 2))
        val delete = (events.single() as ChangeTransaction).changes.single().shouldBeInstanceOf<RowDeleted>()
        delete.oldIsKey shouldBe true
        delete.oldRow["id"] shouldBe 1
        delete.oldRow["title"].shouldBeNull()
    }
})
