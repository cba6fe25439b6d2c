package io.databridge.benchmark.workload

/**
 * [MixedRow]s in COPY's text format, as a client without a binary COPY writer must send them: every value formatted
 * and escaped on the caller's side. Yields chunks of about [CHUNK_CHARS] characters, so the payload is streamed, not
 * built whole.
 */
internal object MixedRowCopyText {
    private const val CHUNK_CHARS = 64 * 1024
    private val HEX = "0123456789abcdef".toCharArray()

    /** The text-format lines of [rows], in chunks of about 64 KiB, each encoded as UTF-8. */
    fun chunks(rows: List<MixedRow>): Sequence<ByteArray> = sequence {
        val out = StringBuilder(CHUNK_CHARS + 1024)
        for (row in rows) {
            appendLine(out, row)
            if (out.length >= CHUNK_CHARS) {
                yield(out.toString().toByteArray(Charsets.UTF_8))
                out.setLength(0)
            }
        }
        if (out.isNotEmpty()) yield(out.toString().toByteArray(Charsets.UTF_8))
    }

    private fun appendLine(out: StringBuilder, row: MixedRow) {
        out.append(row.int4).append('\t').append(row.int8).append('\t')
        appendEscaped(out, row.text)
        out.append('\t').append(row.numeric.toPlainString())
        out.append('\t').append(row.ts)
        out.append('\t').append(row.uuid)
        out.append('\t').append(if (row.bool) 't' else 'f')
        out.append('\t').append(row.float8).append('\t')
        appendEscaped(out, row.jsonb)
        // bytea's hex form starts with a backslash, which COPY's text format needs doubled.
        out.append('\t').append("\\\\x")
        for (b in row.bytea) out.append(HEX[(b.toInt() shr 4) and 0xf]).append(HEX[b.toInt() and 0xf])
        out.append('\n')
    }

    private fun appendEscaped(out: StringBuilder, value: String) {
        for (c in value) {
            when (c) {
                '\\' -> out.append("\\\\")
                '\t' -> out.append("\\t")
                '\n' -> out.append("\\n")
                '\r' -> out.append("\\r")
                else -> out.append(c)
            }
        }
    }
}
