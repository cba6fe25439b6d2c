package io.databridge.pg.types

import io.databridge.pg.protocol.ByteWriter
import io.databridge.pg.protocol.readInt

/**
 * The geometric types ↔ [PgPoint], [PgLine], [PgLineSegment], [PgBox], [PgPath], [PgPolygon], [PgCircle].
 * Binary is a sequence of float8 (paths and polygons add a point count, paths a closed flag first); text is the
 * server's bracketed notation. Coordinates keep NaN and ±Infinity.
 */
public abstract class GeometryCodec<T : Any> internal constructor(
    override val type: PgTypeIdentity,
    override val valueClass: Class<T>,
) : PgCodec<T> {
    internal abstract fun read(r: GeometryReader): T
    internal abstract fun parse(text: String, numbers: DoubleArray): T
    internal abstract fun write(value: T, out: ByteWriter)
    internal abstract fun format(value: T, sb: StringBuilder)

    override fun decodeBinary(buf: ByteArray, offset: Int, length: Int, context: CodecContext): T {
        val reader = GeometryReader(type, buf, offset, length)
        return read(reader).also { reader.finish() }
    }

    override fun decodeText(buf: ByteArray, offset: Int, length: Int, context: CodecContext): T =
        parseText(type, buf, offset, length) { parse(it.trim(), numbers(it)) }

    override fun encodeBinary(value: T, out: ByteWriter, context: CodecContext): Unit = write(value, out)

    override fun encodeText(value: T, out: ByteWriter, context: CodecContext) {
        val sb = StringBuilder()
        format(value, sb)
        out.writeUtf8(sb.toString())
    }

    /** The built-in geometric codecs. */
    public companion object {
        private val NUMBER = Regex("""[-+]?(?:Infinity|NaN|(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?)""")

        private fun numbers(text: String): DoubleArray =
            NUMBER.findAll(text).map { parseFloatText(it.value.removePrefix("+")) }.toList().toDoubleArray()

        private fun points(numbers: DoubleArray): List<PgPoint> {
            require(numbers.size % 2 == 0 && numbers.isNotEmpty()) { "odd number of coordinates" }
            return List(numbers.size / 2) { PgPoint(numbers[2 * it], numbers[2 * it + 1]) }
        }

        private fun count(numbers: DoubleArray, n: Int): DoubleArray {
            require(numbers.size == n) { "expected $n numbers, found ${numbers.size}" }
            return numbers
        }

        private fun StringBuilder.point(p: PgPoint): StringBuilder = append('(').append(p.x).append(',').append(p.y).append(')')

        private fun StringBuilder.points(ps: List<PgPoint>): StringBuilder {
            ps.forEachIndexed { i, p -> if (i > 0) append(','); point(p) }
            return this
        }

        private fun ByteWriter.point(p: PgPoint) {
            writeDouble(p.x)
            writeDouble(p.y)
        }

        /** `point`. */
        @JvmField
        public val POINT: GeometryCodec<PgPoint> = object : GeometryCodec<PgPoint>(BuiltinTypes.POINT, PgPoint::class.java) {
            override fun read(r: GeometryReader) = r.point()
            override fun parse(text: String, numbers: DoubleArray) = count(numbers, 2).let { PgPoint(it[0], it[1]) }
            override fun write(value: PgPoint, out: ByteWriter) = out.point(value)
            override fun format(value: PgPoint, sb: StringBuilder) {
                sb.point(value)
            }
        }

        /** `line`. */
        @JvmField
        public val LINE: GeometryCodec<PgLine> = object : GeometryCodec<PgLine>(BuiltinTypes.LINE, PgLine::class.java) {
            override fun read(r: GeometryReader) = PgLine(r.double(), r.double(), r.double())
            override fun parse(text: String, numbers: DoubleArray) = count(numbers, 3).let { PgLine(it[0], it[1], it[2]) }
            override fun write(value: PgLine, out: ByteWriter) {
                out.writeDouble(value.a)
                out.writeDouble(value.b)
                out.writeDouble(value.c)
            }
            override fun format(value: PgLine, sb: StringBuilder) {
                sb.append('{').append(value.a).append(',').append(value.b).append(',').append(value.c).append('}')
            }
        }

        /** `lseg`. */
        @JvmField
        public val LSEG: GeometryCodec<PgLineSegment> =
            object : GeometryCodec<PgLineSegment>(BuiltinTypes.LSEG, PgLineSegment::class.java) {
                override fun read(r: GeometryReader) = PgLineSegment(r.point(), r.point())
                override fun parse(text: String, numbers: DoubleArray) =
                    count(numbers, 4).let { PgLineSegment(PgPoint(it[0], it[1]), PgPoint(it[2], it[3])) }
                override fun write(value: PgLineSegment, out: ByteWriter) {
                    out.point(value.start)
                    out.point(value.end)
                }
                override fun format(value: PgLineSegment, sb: StringBuilder) {
                    sb.append('[').points(listOf(value.start, value.end)).append(']')
                }
            }

        /** `box`. */
        @JvmField
        public val BOX: GeometryCodec<PgBox> = object : GeometryCodec<PgBox>(BuiltinTypes.BOX, PgBox::class.java) {
            override fun read(r: GeometryReader) = PgBox(r.point(), r.point())
            override fun parse(text: String, numbers: DoubleArray) =
                count(numbers, 4).let { PgBox(PgPoint(it[0], it[1]), PgPoint(it[2], it[3])) }
            override fun write(value: PgBox, out: ByteWriter) {
                out.point(value.high)
                out.point(value.low)
            }
            override fun format(value: PgBox, sb: StringBuilder) {
                sb.points(listOf(value.high, value.low))
            }
        }

        /** `path`. */
        @JvmField
        public val PATH: GeometryCodec<PgPath> = object : GeometryCodec<PgPath>(BuiltinTypes.PATH, PgPath::class.java) {
            override fun read(r: GeometryReader): PgPath {
                val closed = when (r.byte()) {
                    0 -> false
                    1 -> true
                    else -> throw malformed(type, "closed flag")
                }
                return PgPath(r.points(), closed)
            }
            override fun parse(text: String, numbers: DoubleArray) = PgPath(points(numbers), closed = !text.startsWith('['))
            override fun write(value: PgPath, out: ByteWriter) {
                out.writeByte(if (value.closed) 1 else 0)
                out.writeInt(value.points.size)
                value.points.forEach { out.point(it) }
            }
            override fun format(value: PgPath, sb: StringBuilder) {
                sb.append(if (value.closed) '(' else '[').points(value.points).append(if (value.closed) ')' else ']')
            }
        }

        /** `polygon`. */
        @JvmField
        public val POLYGON: GeometryCodec<PgPolygon> = object : GeometryCodec<PgPolygon>(BuiltinTypes.POLYGON, PgPolygon::class.java) {
            override fun read(r: GeometryReader) = PgPolygon(r.points())
            override fun parse(text: String, numbers: DoubleArray) = PgPolygon(points(numbers))
            override fun write(value: PgPolygon, out: ByteWriter) {
                out.writeInt(value.points.size)
                value.points.forEach { out.point(it) }
            }
            override fun format(value: PgPolygon, sb: StringBuilder) {
                sb.append('(').points(value.points).append(')')
            }
        }

        /** `circle`. */
        @JvmField
        public val CIRCLE: GeometryCodec<PgCircle> = object : GeometryCodec<PgCircle>(BuiltinTypes.CIRCLE, PgCircle::class.java) {
            override fun read(r: GeometryReader) = PgCircle(r.point(), r.double())
            override fun parse(text: String, numbers: DoubleArray) = count(numbers, 3).let { PgCircle(PgPoint(it[0], it[1]), it[2]) }
            override fun write(value: PgCircle, out: ByteWriter) {
                out.point(value.center)
                out.writeDouble(value.radius)
            }
            override fun format(value: PgCircle, sb: StringBuilder) {
                sb.append('<').point(value.center).append(',').append(value.radius).append('>')
            }
        }
    }
}

/** Bounds-checked sequential reads of a geometric value's binary form. */
internal class GeometryReader(private val type: PgTypeIdentity, private val buf: ByteArray, private var pos: Int, length: Int) {
    private val end = pos + length

    fun byte(): Int {
        need(1)
        return buf[pos++].toInt()
    }

    fun double(): Double {
        need(8)
        return readDouble(buf, pos).also { pos += 8 }
    }

    fun point(): PgPoint = PgPoint(double(), double())

    fun points(): List<PgPoint> {
        need(4)
        val n = readInt(buf, pos)
        pos += 4
        if (n < 0 || n.toLong() * 16 != (end - pos).toLong()) throw malformed(type, "point count $n for ${end - pos} bytes")
        return List(n) { point() }
    }

    fun finish() {
        if (pos != end) throw malformed(type, "${end - pos} trailing bytes")
    }

    private fun need(n: Int) {
        if (end - pos < n) throw malformed(type, "truncated binary value")
    }
}
