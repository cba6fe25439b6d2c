package io.databridge.pg.copy

import io.databridge.pg.PgConnection
import io.databridge.pg.errors.ValueEncodingException
import io.databridge.pg.protocol.ByteWriter
import io.databridge.pg.types.PgCodec
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.flow

/** Bytes buffered before they go out as one CopyData message. */
private const val CHUNK_BYTES = 64 * 1024

/** `PGCOPY\n\377\r\n\0`, then int32 flags 0 and int32 header extension length 0. */
private val PGCOPY_HEADER = byteArrayOf(
    'P'.code.toByte(), 'G'.code.toByte(), 'C'.code.toByte(), 'O'.code.toByte(), 'P'.code.toByte(), 'Y'.code.toByte(),
    '\n'.code.toByte(), 0xFF.toByte(), '\r'.code.toByte(), '\n'.code.toByte(), 0, 0, 0, 0, 0, 0, 0, 0, 0,
)

/** A column of a binary COPY: its [name] for error messages and the [codec] its values are written with. */
internal class CopyColumn(val name: String, val codec: PgCodec<*>)

/** This connection's binary codec for type [oid], or a typed failure naming [column]. */
internal fun PgConnection.binaryCodec(column: String, oid: Int): PgCodec<*> {
    val codec = types.codecFor(oid) ?: throw ValueEncodingException(0, "$column: no codec for type OID $oid")
    if (!codec.supportsBinary) throw ValueEncodingException(0, "$column: type ${codec.type.name} has no binary codec")
    return codec
}

/** The PGCOPY stream of [rows]: header, one tuple per row, trailer, cut into chunks of about [CHUNK_BYTES]. */
internal fun PgConnection.encodeBinaryCopy(columns: List<CopyColumn>, rows: Flow<List<Any?>>): Flow<ByteArray> = flow {
    val out = ByteWriter(CHUNK_BYTES + 1024)
    out.writeBytes(PGCOPY_HEADER)
    var rowNumber = 0L
    rows.collect { row ->
        rowNumber++
        if (row.size != columns.size) {
            throw ValueEncodingException(0, "row $rowNumber has ${row.size} values for ${columns.size} columns")
        }
        out.writeShort(columns.size)
        for (i in columns.indices) {
            val column = columns[i]
            try {
                encoder.write(i + 1, row[i], column.codec, out, context)
            } catch (e: ValueEncodingException) {
                throw ValueEncodingException(0, "row $rowNumber, column ${column.name}: ${e.reason}", e.cause ?: e)
            }
        }
        if (out.size >= CHUNK_BYTES) {
            emit(out.toByteArray())
            out.reset()
        }
    }
    out.writeShort(-1)
    emit(out.toByteArray())
}
