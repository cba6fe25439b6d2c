package io.databridge.pg.replication

import io.databridge.pg.config.InvalidConfigException
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain

class AckTrackerSpec : FunSpec({
    test("the flushed position moves only over an acknowledged prefix") {
        val tracker = AckTracker()
        val a = tracker.track(Lsn(10))
        val b = tracker.track(Lsn(20))
        val c = tracker.track(Lsn(30))
        tracker.ack(b) shouldBe false
        tracker.flushed shouldBe Lsn.ZERO
        tracker.ack(a) shouldBe true
        tracker.flushed shouldBe Lsn(20)
        tracker.unacknowledged shouldBe 1
        tracker.ack(a) shouldBe false
        tracker.ack(c) shouldBe true
        tracker.flushed shouldBe Lsn(30)
    }

    test("after a reset, late acknowledgements of the ended stream change nothing") {
        val tracker = AckTracker()
        val old = tracker.track(Lsn(10))
        tracker.reset()
        tracker.ack(old) shouldBe false
        tracker.flushed shouldBe Lsn.ZERO
        val fresh = tracker.track(Lsn(15))
        tracker.ack(fresh) shouldBe true
        tracker.flushed shouldBe Lsn(15)
    }

    test("a start position is flushed from the outset; a part's 0/0 holds its place and moves nothing") {
        val tracker = AckTracker(Lsn(100))
        tracker.flushed shouldBe Lsn(100)
        val part = tracker.track(Lsn.ZERO)
        val last = tracker.track(Lsn(150))
        tracker.ack(last) shouldBe false
        tracker.ack(part) shouldBe true
        tracker.flushed shouldBe Lsn(150)
        tracker.ack(tracker.track(Lsn.ZERO)) shouldBe false
        tracker.flushed shouldBe Lsn(150)
    }

    test("the pgoutput version follows the server and the cap; bad options are refused") {
        ReplicationOptions().protocolFor(18) shouldBe 4
        ReplicationOptions().protocolFor(15) shouldBe 3
        ReplicationOptions().protocolFor(14) shouldBe 2
        ReplicationOptions().protocolFor(13) shouldBe 1
        ReplicationOptions(protocolVersion = 2).protocolFor(18) shouldBe 2
        shouldThrow<InvalidConfigException> { ReplicationOptions(protocolVersion = 5) }
        shouldThrow<InvalidConfigException> { ReplicationOptions(bufferBytes = 10) }
        shouldThrow<InvalidConfigException> { ReplicationOptions(maxChangesPerDelivery = 0) }.message shouldContain "maxChangesPerDelivery"
    }

    test("publication names are quoted inside the option literal; anything else is refused") {
        ReplicationNames.publications(listOf("orders", "Audit_1")) shouldBe "'\"orders\",\"Audit_1\"'"
        shouldThrow<InvalidConfigException> { ReplicationNames.publications(listOf("a\"b")) }
        shouldThrow<InvalidConfigException> { ReplicationNames.publications(emptyList()) }
        shouldThrow<InvalidConfigException> { ReplicationNames.slot("x".repeat(64)) }
    }
})
