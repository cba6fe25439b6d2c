package io.databridge.pg.types

import io.databridge.pg.protocol.ByteWriter

/**
 * Arrays of any element type, both formats, any number of dimensions.
 *
 * Decodes to a `List` (one dimension) or nested `List`s, NULL elements as null, when every lower bound is 1 (the
 * default); an array with other bounds (`[0:2]={…}`) decodes to a [PgArray], which keeps them and binds back
 * identically. [decodeBinaryArray] and [decodeTextArray] always return the [PgArray]. Encodes a [PgArray], `List`, `Array` or
 * primitive array (`IntArray`, …), nested for several dimensions. [delimiter] is the element type's `typdelim`
 * (`;` for box, `,` for everything else).
 */
public class ArrayCodec(
    override val type: PgTypeIdentity,
    /** The codec of the elements. */
    public val elementCodec: PgCodec<*>,
    /** The separator between elements in the text format. */
    public val delimiter: Char = ',',
) : PgCodec<Any> {
    init {
        require(delimiter.code in 0x21..0x7e && delimiter !in "\"\\{}") { "invalid array delimiter '$delimiter'" }
    }

    @Suppress("UNCHECKED_CAST")
    override val valueClass: Class<Any> = List::class.java as Class<Any>

    override val supportsBinary: Boolean get() = elementCodec.supportsBinary

    override fun decodeBinary(buf: ByteArray, offset: Int, length: Int, context: CodecContext): Any =
        listOrShaped(decodeBinaryArray(buf, offset, length, context))

    override fun decodeText(buf: ByteArray, offset: Int, length: Int, context: CodecContext): Any =
        listOrShaped(decodeTextArray(buf, offset, length, context))

    // A list would lose bounds other than 1 and bind back as a different value, so such an array stays a PgArray.
    private fun listOrShaped(array: PgArray): Any = if (array.lowerBounds.all { it == 1 }) array.toNestedList() else array

    /** Decodes the binary form keeping the shape. */
    public fun decodeBinaryArray(buf: ByteArray, offset: Int, length: Int, context: CodecContext): PgArray {
        val r = BoundedReader(buf, offset, length, type)
        val ndim = r.int("dimension count")
        if (ndim < 0 || ndim > PgArray.MAX_DIMENSIONS) malformedValue(type, "dimension count $ndim is outside 0..${PgArray.MAX_DIMENSIONS}")
        val flags = r.int("flags")
        if (flags != 0 && flags != 1) malformedValue(type, "flags $flags (only 0 and 1 are defined)")
        val elementOid = r.int("element type")
        if (elementOid != elementCodec.type.oid) {
            malformedValue(type, "element type OID $elementOid, expected ${elementCodec.type.oid} (${elementCodec.type.name})")
        }
        if (ndim == 0) {
            r.expectEnd()
            return EMPTY
        }
        val dims = ArrayList<Int>(ndim)
        val bounds = ArrayList<Int>(ndim)
        var count = 1L
        repeat(ndim) { d ->
            val size = r.int("size of dimension ${d + 1}")
            val lb = r.int("lower bound of dimension ${d + 1}")
            if (size < 0) malformedValue(type, "negative size $size of dimension ${d + 1}")
            if (lb.toLong() + size - 1 > Int.MAX_VALUE) malformedValue(type, "upper bound of dimension ${d + 1} overflows")
            count *= size
            if (count > Int.MAX_VALUE) malformedValue(type, "dimensions $dims × $size hold too many elements")
            dims += size
            bounds += lb
        }
        // Each element takes at least its 4-byte length, so the remaining bytes bound the count before allocating.
        if (count * 4 > r.remaining) malformedValue(type, "$count elements cannot fit in ${r.remaining} bytes")
        if (count == 0L) {
            r.expectEnd()
            return EMPTY
        }
        val elements = ArrayList<Any?>(count.toInt())
        for (i in 0 until count.toInt()) {
            val len = r.lengthPrefix("element $i")
            if (len < 0) {
                elements += null
                continue
            }
            elements += elementCodec.decodeMember(Format.BINARY, buf, r.pos, len, context, type, "element $i")
            r.skip(len, "element $i")
        }
        r.expectEnd()
        return PgArray(dims, bounds, elements)
    }

    /** Decodes the text form (`{1,2,NULL}`, `{{1,2},{3,4}}`, `[0:1]={1,2}`) keeping the shape. */
    public fun decodeTextArray(buf: ByteArray, offset: Int, length: Int, context: CodecContext): PgArray =
        ArrayTextParser(buf, offset, length, context).parse()

    override fun encodeBinary(value: Any, out: ByteWriter, context: CodecContext) {
        val array = shapeOf(value)
        out.writeInt(array.rank)
        val hasNullAt = out.reserveInt()
        out.writeInt(elementCodec.type.oid)
        for (d in 0 until array.rank) {
            out.writeInt(array.dimensions[d])
            out.writeInt(array.lowerBounds[d])
        }
        var hasNull = false
        for ((i, e) in array.elements.withIndex()) {
            if (e == null) hasNull = true
            elementCodec.writeBinaryMember(e, out, context, type, "element $i")
        }
        out.patchInt(hasNullAt, if (hasNull) 1 else 0)
    }

    override fun encodeText(value: Any, out: ByteWriter, context: CodecContext) {
        val array = shapeOf(value)
        if (array.rank == 0) {
            out.writeByte('{'.code)
            out.writeByte('}'.code)
            return
        }
        if (array.lowerBounds.any { it != 1 }) {
            for (d in 0 until array.rank) {
                val lb = array.lowerBounds[d]
                out.writeUtf8("[$lb:${lb + array.dimensions[d] - 1}]")
            }
            out.writeByte('='.code)
        }
        val scratch = ByteWriter(64)
        writeTextLevel(array, 0, 0, out, scratch, context)
    }

    private fun writeTextLevel(array: PgArray, level: Int, start: Int, out: ByteWriter, scratch: ByteWriter, context: CodecContext): Int {
        out.writeByte('{'.code)
        var index = start
        for (i in 0 until array.dimensions[level]) {
            if (i > 0) out.writeByte(delimiter.code)
            if (level < array.rank - 1) {
                index = writeTextLevel(array, level + 1, index, out, scratch, context)
                continue
            }
            val e = array.elements[index]
            if (e == null) {
                out.writeUtf8("NULL")
            } else {
                scratch.reset()
                elementCodec.encodeChecked(e, Format.TEXT, scratch, context, type, "element $index")
                writeQuotedMember(scratch.array, 0, scratch.size, out, isArraySpecial, doubleEscape = false, quoteNullWord = true)
            }
            index++
        }
        out.writeByte('}'.code)
        return index
    }

    private val endsElement: (Int) -> Boolean = { it == delimiter.code || it == '}'.code || it == '{'.code }

    private val isArraySpecial: (Int) -> Boolean = { c -> c == '{'.code || c == '}'.code || c == delimiter.code }

    private fun shapeOf(value: Any): PgArray =
        ArrayShape.flatten(value, { elementCodec.accepts(it) }, null) { msg -> unencodable(type, msg) }

    private inner class ArrayTextParser(buf: ByteArray, offset: Int, length: Int, private val context: CodecContext) {
        private val c = TextCursor(buf, offset, length, type)
        private val dims = IntArray(PgArray.MAX_DIMENSIONS)
        private var rank = -1
        private val elements = ArrayList<Any?>()

        fun parse(): PgArray {
            c.skipSpace()
            var declared: List<Pair<Int, Int>>? = null
            if (c.peek() == '['.code) declared = parseDecoration()
            c.skipSpace()
            parseLevel(0)
            c.expectEnd()
            if (rank <= 0) {
                if (declared != null) c.fail("bounds are given but the array is empty")
                return EMPTY
            }
            val sizes = List(rank) { dims[it] }
            if (declared == null) return PgArray(sizes, List(rank) { 1 }, elements)
            if (declared.size != rank || declared.indices.any { declared[it].second - declared[it].first + 1 != sizes[it] }) {
                c.fail("the declared bounds do not match the array's dimensions $sizes")
            }
            return PgArray(sizes, declared.map { it.first }, elements)
        }

        private fun parseDecoration(): List<Pair<Int, Int>> {
            val bounds = ArrayList<Pair<Int, Int>>()
            while (c.peek() == '['.code) {
                c.pos++
                if (bounds.size == PgArray.MAX_DIMENSIONS) c.fail("more than ${PgArray.MAX_DIMENSIONS} dimensions")
                val first = parseInt()
                val (lo, hi) = if (c.peek() == ':'.code) {
                    c.pos++
                    first to parseInt()
                } else {
                    1 to first
                }
                c.expect(']', "to close a dimension bound")
                if (hi.toLong() < lo.toLong() - 1) c.fail("upper bound $hi is below lower bound $lo")
                bounds += lo to hi
                c.skipSpace()
            }
            c.expect('=', "after the dimension bounds")
            return bounds
        }

        private fun parseInt(): Int {
            c.skipSpace()
            val start = c.pos
            val negative = c.peek() == '-'.code
            if (negative || c.peek() == '+'.code) c.pos++
            var v = 0L
            var digits = 0
            while (c.peek() in '0'.code..'9'.code) {
                v = v * 10 + (c.peek() - '0'.code)
                if (v > Int.MAX_VALUE.toLong() + 1) c.fail("dimension bound out of range")
                c.pos++
                digits++
            }
            if (digits == 0) c.fail("expected a number at position $start")
            if (negative) v = -v
            if (v !in Int.MIN_VALUE..Int.MAX_VALUE) c.fail("dimension bound out of range")
            c.skipSpace()
            return v.toInt()
        }

        private fun parseLevel(level: Int) {
            if (level >= PgArray.MAX_DIMENSIONS) c.fail("more than ${PgArray.MAX_DIMENSIONS} dimensions")
            c.expect('{', "to open an array")
            c.skipSpace()
            if (c.peek() == '}'.code) {
                c.pos++
                if (level > 0 || rank > 0) c.fail("empty sub-array inside a non-empty array")
                rank = 0
                return
            }
            var count = 0
            while (true) {
                c.skipSpace()
                if (c.peek() == '{'.code) {
                    if (rank != -1 && rank <= level + 1) {
                        c.fail("sub-array where an element was expected: multidimensional arrays must have matching extents")
                    }
                    parseLevel(level + 1)
                } else {
                    if (rank == -1) rank = level + 1
                    if (rank != level + 1) c.fail("element where a sub-array was expected: multidimensional arrays must have matching extents")
                    c.scanBackslashToken(endsElement)
                    elements += if (c.tokenIsNull()) {
                        null
                    } else {
                        elementCodec.decodeMember(Format.TEXT, c.tokenBuf, c.tokenOffset, c.tokenLength, context, type, "element ${elements.size}")
                    }
                }
                count++
                c.skipSpace()
                when (c.peek()) {
                    delimiter.code -> c.pos++
                    '}'.code -> { c.pos++; break }
                    -1 -> c.fail("unterminated array")
                    else -> c.fail("expected '$delimiter' or '}' at position ${c.pos}")
                }
            }
            if (dims[level] == 0) {
                dims[level] = count
            } else if (dims[level] != count) {
                c.fail("multidimensional arrays must have sub-arrays with matching dimensions (${dims[level]} and $count)")
            }
        }
    }

    private companion object {
        val EMPTY = PgArray(emptyList(), emptyList(), emptyList())
    }
}
