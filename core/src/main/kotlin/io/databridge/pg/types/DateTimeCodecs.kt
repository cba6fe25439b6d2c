package io.databridge.pg.types

import io.databridge.pg.protocol.ByteWriter
import io.databridge.pg.protocol.readInt
import io.databridge.pg.protocol.readLong
import java.time.Instant
import java.time.LocalDate
import java.time.LocalDateTime
import java.time.LocalTime
import java.time.OffsetDateTime
import java.time.OffsetTime
import java.time.ZoneOffset

/** PostgreSQL's epoch (2000-01-01) and value ranges, shared by the date/time codecs and the parameter encoder. */
internal object PgEpoch {
    const val EPOCH_DAY = 10957L
    const val EPOCH_SECOND = 946684800L
    const val MICROS_PER_DAY = 86_400_000_000L

    /** `4714-11-24 BC`, Julian day 0: the first date and timestamp PostgreSQL accepts. */
    val DATE_MIN: LocalDate = LocalDate.of(-4713, 11, 24)
    val DATE_MAX: LocalDate = LocalDate.of(5874897, 12, 31)
    val TIMESTAMP_MIN: LocalDateTime = DATE_MIN.atStartOfDay()
    val TIMESTAMP_MAX: LocalDateTime = LocalDateTime.of(294276, 12, 31, 23, 59, 59, 999_999_999)

    /** Microseconds since 2000-01-01 for a UTC date-time, truncated to the microsecond. */
    fun micros(dateTime: LocalDateTime): Long {
        val seconds = dateTime.toEpochSecond(ZoneOffset.UTC) - EPOCH_SECOND
        return seconds * 1_000_000 + dateTime.nano / 1000
    }

    /** The instant [micros] microseconds after 2000-01-01 UTC. */
    fun instant(micros: Long): Instant =
        Instant.ofEpochSecond(EPOCH_SECOND + Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L)

    fun dateTime(micros: Long): LocalDateTime {
        val day = Math.floorDiv(micros, MICROS_PER_DAY)
        return LocalDateTime.of(date(day + EPOCH_DAY), LocalTime.ofNanoOfDay((micros - day * MICROS_PER_DAY) * 1000))
    }

    /**
     * The date of [epochDay] (days since 1970-01-01). The values of one result tend to fall on few days, so the last
     * date made is reused when the next value falls on the same day: the calendar arithmetic of
     * [LocalDate.ofEpochDay] then runs once per day rather than once per value. The entry is immutable and replaced
     * whole, so threads racing on it see an old entry or a new one, never a torn one.
     */
    fun date(epochDay: Long): LocalDate {
        val last = lastDate
        if (last.epochDay == epochDay) return last.date
        return LocalDate.ofEpochDay(epochDay).also { lastDate = DayDate(epochDay, it) }
    }

    private class DayDate(val epochDay: Long, val date: LocalDate)

    private var lastDate = DayDate(EPOCH_DAY, LocalDate.ofEpochDay(EPOCH_DAY))

    fun timeMicros(time: LocalTime): Long =
        if (time == LocalTime.MAX) MICROS_PER_DAY else time.toNanoOfDay() / 1000

    fun time(micros: Long, type: PgTypeIdentity): LocalTime = when (micros) {
        MICROS_PER_DAY -> LocalTime.MAX
        in 0 until MICROS_PER_DAY -> LocalTime.ofNanoOfDay(micros * 1000)
        else -> throw malformed(type, "time of day $micros µs out of range")
    }
}

/**
 * `date` ↔ [LocalDate]. PostgreSQL's `infinity`/`-infinity` map to [LocalDate.MAX]/[LocalDate.MIN] (both ways);
 * BC dates are proleptic ISO years (`0044-03-15 BC` is year −43). The range is 4714-11-24 BC .. 5874897-12-31.
 */
public object DateCodec : PgCodec<LocalDate> {
    override val type: PgTypeIdentity = BuiltinTypes.DATE
    override val valueClass: Class<LocalDate> = LocalDate::class.java

    override fun decodeBinary(buf: ByteArray, offset: Int, length: Int, context: CodecContext): LocalDate {
        requireLength(type, length, 4)
        return when (val days = readInt(buf, offset)) {
            Int.MAX_VALUE -> LocalDate.MAX
            Int.MIN_VALUE -> LocalDate.MIN
            else -> PgEpoch.date(days + PgEpoch.EPOCH_DAY)
        }
    }

    override fun decodeText(buf: ByteArray, offset: Int, length: Int, context: CodecContext): LocalDate {
        requireIsoDateStyle(type, context)
        return parseText(type, buf, offset, length) {
            when (it) {
                "infinity" -> LocalDate.MAX
                "-infinity" -> LocalDate.MIN
                else -> DateTimeTextParser(type, it).run { date().also { finish() } }
            }
        }
    }

    override fun encodeBinary(value: LocalDate, out: ByteWriter, context: CodecContext) {
        out.writeInt(
            when (value) {
                LocalDate.MAX -> Int.MAX_VALUE
                LocalDate.MIN -> Int.MIN_VALUE
                else -> (checked(value).toEpochDay() - PgEpoch.EPOCH_DAY).toInt()
            },
        )
    }

    override fun encodeText(value: LocalDate, out: ByteWriter, context: CodecContext) {
        when (value) {
            LocalDate.MAX -> out.writeUtf8("infinity")
            LocalDate.MIN -> out.writeUtf8("-infinity")
            else -> {
                writeIsoDate(out, checked(value))
                writeEra(out, value)
            }
        }
    }

    private fun checked(value: LocalDate): LocalDate {
        if (value < PgEpoch.DATE_MIN || value > PgEpoch.DATE_MAX) {
            throw unencodable(type, "date outside PostgreSQL's range 4714-11-24 BC .. 5874897-12-31")
        }
        return value
    }
}

/**
 * `time` ↔ [LocalTime] at microsecond precision (finer digits are truncated). PostgreSQL's `24:00:00` maps to
 * [LocalTime.MAX] and back.
 */
public object TimeCodec : PgCodec<LocalTime> {
    override val type: PgTypeIdentity = BuiltinTypes.TIME
    override val valueClass: Class<LocalTime> = LocalTime::class.java

    override fun decodeBinary(buf: ByteArray, offset: Int, length: Int, context: CodecContext): LocalTime {
        requireLength(type, length, 8)
        return PgEpoch.time(readLong(buf, offset), type)
    }

    override fun decodeText(buf: ByteArray, offset: Int, length: Int, context: CodecContext): LocalTime =
        parseText(type, buf, offset, length) { DateTimeTextParser(type, it).run { requireNoEra(); time().also { finish() } } }

    override fun encodeBinary(value: LocalTime, out: ByteWriter, context: CodecContext): Unit = out.writeLong(PgEpoch.timeMicros(value))

    override fun encodeText(value: LocalTime, out: ByteWriter, context: CodecContext): Unit = writeTime(out, value)

    internal fun writeTime(out: ByteWriter, value: LocalTime) {
        if (value == LocalTime.MAX) out.writeUtf8("24:00:00")
        else writeIsoTime(out, value.hour.toLong(), value.minute, value.second, value.nano / 1000)
    }
}

/**
 * `timetz` ↔ [OffsetTime] at microsecond precision. The wire carries the offset in seconds west of UTC;
 * PostgreSQL limits it to less than 16 hours either way.
 */
public object TimeTzCodec : PgCodec<OffsetTime> {
    private const val OFFSET_LIMIT = 16 * 3600
    override val type: PgTypeIdentity = BuiltinTypes.TIMETZ
    override val valueClass: Class<OffsetTime> = OffsetTime::class.java

    override fun decodeBinary(buf: ByteArray, offset: Int, length: Int, context: CodecContext): OffsetTime {
        requireLength(type, length, 12)
        val time = PgEpoch.time(readLong(buf, offset), type)
        val west = readInt(buf, offset + 8)
        if (west <= -OFFSET_LIMIT || west >= OFFSET_LIMIT) throw malformed(type, "zone offset $west s")
        return OffsetTime.of(time, ZoneOffset.ofTotalSeconds(-west))
    }

    override fun decodeText(buf: ByteArray, offset: Int, length: Int, context: CodecContext): OffsetTime =
        parseText(type, buf, offset, length) {
            DateTimeTextParser(type, it).run {
                requireNoEra()
                val time = time()
                OffsetTime.of(time, offset()).also { finish() }
            }
        }

    override fun encodeBinary(value: OffsetTime, out: ByteWriter, context: CodecContext) {
        out.writeLong(PgEpoch.timeMicros(value.toLocalTime()))
        out.writeInt(-checkedOffset(value))
    }

    override fun encodeText(value: OffsetTime, out: ByteWriter, context: CodecContext) {
        checkedOffset(value)
        TimeCodec.writeTime(out, value.toLocalTime())
        writeOffset(out, value.offset)
    }

    private fun checkedOffset(value: OffsetTime): Int {
        val seconds = value.offset.totalSeconds
        if (seconds <= -OFFSET_LIMIT || seconds >= OFFSET_LIMIT) throw unencodable(type, "zone offset beyond ±15:59:59")
        return seconds
    }
}

/**
 * `timestamp` ↔ [LocalDateTime] at microsecond precision (finer digits truncated). `infinity`/`-infinity` map to
 * [LocalDateTime.MAX]/[LocalDateTime.MIN]; the range is 4714-11-24 BC .. 294276-12-31.
 */
public object TimestampCodec : PgCodec<LocalDateTime> {
    override val type: PgTypeIdentity = BuiltinTypes.TIMESTAMP
    override val valueClass: Class<LocalDateTime> = LocalDateTime::class.java

    override fun decodeBinary(buf: ByteArray, offset: Int, length: Int, context: CodecContext): LocalDateTime {
        requireLength(type, length, 8)
        return when (val micros = readLong(buf, offset)) {
            Long.MAX_VALUE -> LocalDateTime.MAX
            Long.MIN_VALUE -> LocalDateTime.MIN
            else -> PgEpoch.dateTime(micros)
        }
    }

    override fun decodeText(buf: ByteArray, offset: Int, length: Int, context: CodecContext): LocalDateTime {
        requireIsoDateStyle(type, context)
        return parseText(type, buf, offset, length) {
            when (it) {
                "infinity" -> LocalDateTime.MAX
                "-infinity" -> LocalDateTime.MIN
                else -> DateTimeTextParser(type, it).run {
                    val date = date()
                    space()
                    val time = time()
                    finish()
                    if (time == LocalTime.MAX) date.plusDays(1).atStartOfDay() else date.atTime(time)
                }
            }
        }
    }

    override fun encodeBinary(value: LocalDateTime, out: ByteWriter, context: CodecContext) {
        out.writeLong(
            when (value) {
                LocalDateTime.MAX -> Long.MAX_VALUE
                LocalDateTime.MIN -> Long.MIN_VALUE
                else -> PgEpoch.micros(checked(type, value))
            },
        )
    }

    override fun encodeText(value: LocalDateTime, out: ByteWriter, context: CodecContext) {
        when (value) {
            LocalDateTime.MAX -> out.writeUtf8("infinity")
            LocalDateTime.MIN -> out.writeUtf8("-infinity")
            else -> {
                checked(type, value)
                writeIsoDate(out, value.toLocalDate())
                out.writeByte(' '.code)
                writeIsoTime(out, value.hour.toLong(), value.minute, value.second, value.nano / 1000)
                writeEra(out, value.toLocalDate())
            }
        }
    }

    internal fun checked(type: PgTypeIdentity, value: LocalDateTime): LocalDateTime {
        if (value < PgEpoch.TIMESTAMP_MIN || value > PgEpoch.TIMESTAMP_MAX) {
            throw unencodable(type, "timestamp outside PostgreSQL's range 4714-11-24 BC .. 294276-12-31")
        }
        return value
    }
}

/**
 * `timestamptz` ↔ [OffsetDateTime], always decoded at UTC (the server stores an instant, not an offset; text in the
 * session's TimeZone is normalised to UTC too). `infinity`/`-infinity` map to [OffsetDateTime.MAX]/[OffsetDateTime.MIN].
 * Any offset is accepted when encoding; [Instant] values are bound through [ParameterEncoder].
 */
public object TimestampTzCodec : PgCodec<OffsetDateTime> {
    override val type: PgTypeIdentity = BuiltinTypes.TIMESTAMPTZ
    override val valueClass: Class<OffsetDateTime> = OffsetDateTime::class.java

    override fun decodeBinary(buf: ByteArray, offset: Int, length: Int, context: CodecContext): OffsetDateTime {
        requireLength(type, length, 8)
        return when (val micros = readLong(buf, offset)) {
            Long.MAX_VALUE -> OffsetDateTime.MAX
            Long.MIN_VALUE -> OffsetDateTime.MIN
            else -> PgEpoch.dateTime(micros).atOffset(ZoneOffset.UTC)
        }
    }

    /**
     * A binary value straight to an [Instant], without the [OffsetDateTime] [decodeBinary] builds (and its date and
     * time parts): a reader that wants the instant allocates one object. `infinity`/`-infinity` are
     * [Instant.MAX]/[Instant.MIN], the values [ParameterEncoder] binds as them.
     */
    public fun decodeInstant(buf: ByteArray, offset: Int, length: Int): Instant {
        requireLength(type, length, 8)
        return when (val micros = readLong(buf, offset)) {
            Long.MAX_VALUE -> Instant.MAX
            Long.MIN_VALUE -> Instant.MIN
            else -> PgEpoch.instant(micros)
        }
    }

    /** A decoded value as an [Instant]: [OffsetDateTime.MAX]/[OffsetDateTime.MIN] (infinity) map to [Instant.MAX]/[Instant.MIN]. */
    public fun instantOf(value: OffsetDateTime): Instant = when (value) {
        OffsetDateTime.MAX -> Instant.MAX
        OffsetDateTime.MIN -> Instant.MIN
        else -> value.toInstant()
    }

    override fun decodeText(buf: ByteArray, offset: Int, length: Int, context: CodecContext): OffsetDateTime {
        requireIsoDateStyle(type, context)
        return parseText(type, buf, offset, length) {
            when (it) {
                "infinity" -> OffsetDateTime.MAX
                "-infinity" -> OffsetDateTime.MIN
                else -> DateTimeTextParser(type, it).run {
                    val date = date()
                    space()
                    val time = time()
                    val zone = offset()
                    finish()
                    val local = if (time == LocalTime.MAX) date.plusDays(1).atStartOfDay() else date.atTime(time)
                    local.atOffset(zone).withOffsetSameInstant(ZoneOffset.UTC)
                }
            }
        }
    }

    override fun encodeBinary(value: OffsetDateTime, out: ByteWriter, context: CodecContext) {
        out.writeLong(
            when (value) {
                OffsetDateTime.MAX -> Long.MAX_VALUE
                OffsetDateTime.MIN -> Long.MIN_VALUE
                else -> PgEpoch.micros(utc(value))
            },
        )
    }

    override fun encodeText(value: OffsetDateTime, out: ByteWriter, context: CodecContext) {
        when (value) {
            OffsetDateTime.MAX -> out.writeUtf8("infinity")
            OffsetDateTime.MIN -> out.writeUtf8("-infinity")
            else -> {
                val local = utc(value)
                writeIsoDate(out, local.toLocalDate())
                out.writeByte(' '.code)
                writeIsoTime(out, local.hour.toLong(), local.minute, local.second, local.nano / 1000)
                out.writeUtf8("+00")
                writeEra(out, local.toLocalDate())
            }
        }
    }

    private fun utc(value: OffsetDateTime): LocalDateTime {
        val local = try {
            value.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime()
        } catch (e: java.time.DateTimeException) {
            throw unencodable(type, "timestamp outside PostgreSQL's range 4714-11-24 BC .. 294276-12-31")
        }
        return TimestampCodec.checked(type, local)
    }
}
