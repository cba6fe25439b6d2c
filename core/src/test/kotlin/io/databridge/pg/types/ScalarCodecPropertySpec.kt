package io.databridge.pg.types

import io.databridge.embedded.SharedPostgres
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.property.Arb
import io.kotest.property.arbitrary.bigInt
import io.kotest.property.arbitrary.double
import io.kotest.property.arbitrary.int
import io.kotest.property.arbitrary.long
import io.kotest.property.checkAll
import java.math.BigDecimal
import java.sql.DriverManager
import java.sql.Types

/** Random values: codecs are inverse to themselves, and numeric/timestamp bytes equal the server's for the same value. */
class ScalarCodecPropertySpec : FunSpec({
    // Half the values fit a Long (the encoder's allocation-free path), half need BigInteger.
    val decimals = io.kotest.property.arbitrary.arbitrary {
        if (Arb.int(0, 1).bind() == 0) BigDecimal.valueOf(Arb.long().bind(), Arb.int(0, 20).bind())
        else BigDecimal(Arb.bigInt(1, 400).bind(), Arb.int(-60, 120).bind())
    }

    test("numeric binary and text are inverse to each other") {
        checkAll(500, decimals) { d ->
            NumericCodec.fromBinary(NumericCodec.binary(d)) shouldBe d.setScale(d.scale().coerceAtLeast(0))
            NumericCodec.fromText(NumericCodec.text(d)) shouldBe d.setScale(d.scale().coerceAtLeast(0))
        }
    }

    test("timestamps, intervals and floats survive both formats") {
        checkAll(500, Arb.long(-211813488000000000L, 9223371331199999999L)) { us ->
            val ts = TimestampCodec.fromBinary(Int8Codec.binary(us))
            TimestampCodec.binary(ts) shouldBe Int8Codec.binary(us)
            TimestampCodec.fromText(TimestampCodec.text(ts)) shouldBe ts
            val tz = TimestampTzCodec.fromBinary(Int8Codec.binary(us))
            TimestampTzCodec.fromText(TimestampTzCodec.text(tz)) shouldBe tz
        }
        checkAll(500, Arb.int(), Arb.int(), Arb.long(Long.MIN_VALUE + 1, Long.MAX_VALUE)) { m, d, us ->
            val interval = PgInterval(m, d, us)
            IntervalCodec.fromText(IntervalCodec.text(interval)) shouldBe interval
        }
        checkAll(500, Arb.double()) { x ->
            Float8Codec.fromText(Float8Codec.text(x)) shouldEqualValue x
        }
    }

    test("numeric and timestamptz bytes equal the server's send functions for random values") {
        DriverManager.getConnection(SharedPostgres.server.jdbcUrl()).use { conn ->
            conn.prepareStatement("select numeric_send(cast(? as numeric))").use { ps ->
                checkAll(100, decimals) { d ->
                    ps.setObject(1, d.toPlainString(), Types.OTHER)
                    val server = ps.executeQuery().use { rs -> rs.next(); rs.getBytes(1) }
                    NumericCodec.binary(d) shouldBe server
                }
            }
            conn.prepareStatement("select timestamptz_send(cast(? as timestamptz))").use { ps ->
                checkAll(100, Arb.long(-211813488000000000L, 9223371331199999999L)) { us ->
                    val value = TimestampTzCodec.fromBinary(Int8Codec.binary(us))
                    ps.setObject(1, TimestampTzCodec.text(value), Types.OTHER)
                    ps.executeQuery().use { rs -> rs.next(); rs.getBytes(1) } shouldBe Int8Codec.binary(us)
                }
            }
        }
    }
})
