package io.databridge.pg.statement

import io.databridge.pg.Column
import io.databridge.pg.errors.ProtocolException
import io.databridge.pg.protocol.ALL_BINARY_FORMATS
import io.databridge.pg.protocol.ALL_TEXT_FORMATS
import io.databridge.pg.protocol.DataRow
import io.databridge.pg.protocol.FieldDescription
import io.databridge.pg.types.PgCodec
import io.databridge.pg.types.TypeRegistry

/**
 * A result's columns resolved to codecs once (per prepared statement or per simple-query result), so that reading
 * a row only decodes values. [formats] holds the format each column arrives in.
 */
internal class RowPlan(
    val columns: List<Column>,
    val codecs: Array<PgCodec<*>?>,
    val formats: IntArray,
) {
    private val byName: Map<String, Int> = HashMap<String, Int>(columns.size * 2).also { map ->
        // The first of several equal labels wins, as in SQL's own name resolution of a result.
        for (i in columns.indices.reversed()) map[columns[i].name] = i
    }

    /** The Bind result-format codes that ask for [formats], in the protocol's compact form. */
    val resultFormats: IntArray = when {
        formats.all { it == 0 } -> ALL_TEXT_FORMATS
        formats.all { it == 1 } -> ALL_BINARY_FORMATS
        else -> formats
    }

    /**
     * How many rows the last buffered result read with this plan had; the next one's list starts at that capacity
     * instead of growing (and copying) its way there. Shared by every caller of the statement and written without
     * synchronisation: a stale hint only changes a capacity.
     */
    var lastRowCount: Int = 0

    fun indexOf(name: String): Int = byName[name] ?: -1

    /**
     * Refuses a DataRow whose column count differs from the RowDescription's: cutting it to fit (or reading past
     * its end) would hand the caller values that were never sent for these columns. The engine closes the
     * connection on this [ProtocolException], as on every framing error.
     */
    fun requireFits(row: DataRow) {
        if (row.columnCount != columns.size) {
            throw ProtocolException("a DataRow has ${row.columnCount} columns but its RowDescription announced ${columns.size}", tag = 'D')
        }
    }

    fun sameTypes(fields: List<FieldDescription>): Boolean =
        fields.size == columns.size && fields.indices.all { fields[it].typeOid == columns[it].typeOid }

    companion object {
        val EMPTY = RowPlan(emptyList(), emptyArray(), IntArray(0))

        /** A plan choosing binary for every column whose codec supports it, text otherwise (unknown OIDs: text). */
        fun choose(fields: List<FieldDescription>, registry: TypeRegistry): RowPlan =
            build(fields, registry) { codec, _ -> if (codec != null && codec.supportsBinary) 1 else 0 }

        /** A plan for rows whose formats the server already fixed (simple query, described portal). */
        fun asSent(fields: List<FieldDescription>, registry: TypeRegistry): RowPlan =
            build(fields, registry) { _, field -> field.format }

        private inline fun build(fields: List<FieldDescription>, registry: TypeRegistry, format: (PgCodec<*>?, FieldDescription) -> Int): RowPlan {
            val codecs = arrayOfNulls<PgCodec<*>>(fields.size)
            val formats = IntArray(fields.size)
            val columns = ArrayList<Column>(fields.size)
            for ((i, field) in fields.withIndex()) {
                val codec = registry.codecFor(field.typeOid)
                codecs[i] = codec
                formats[i] = format(codec, field)
                columns += Column(field.name, field.typeOid, codec?.type?.name ?: "oid ${Integer.toUnsignedString(field.typeOid)}")
            }
            return RowPlan(columns, codecs, formats)
        }
    }
}
