package io.databridge.pg

import io.databridge.pg.copy.CopyTupleParser
import io.databridge.pg.errors.ValueDecodingException
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.flow

/**
 * Runs [sql] (a `COPY … TO STDOUT (FORMAT binary)`) and emits each row's values decoded with this connection's
 * binary codecs for [columnTypes] (the type OIDs of the copied columns, in order), a row as soon as its bytes have
 * arrived. The stream is read as [copyOut] reads it: back-pressure from a slow collector reaches the server, and
 * stopping early leaves the connection usable. A stream that is not valid PGCOPY, or a row of another width, fails
 * with [ValueDecodingException].
 */
public fun PgConnection.copyOutRows(sql: String, columnTypes: IntArray): Flow<List<Any?>> = flow {
    val codecs = columnTypes.mapIndexed { i, oid ->
        val codec = types.codecFor(oid) ?: throw ValueDecodingException("column ${i + 1}: no codec for type OID $oid")
        if (!codec.supportsBinary) throw ValueDecodingException("column ${i + 1}: type ${codec.type.name} has no binary codec")
        codec
    }
    val parser = CopyTupleParser(codecs, context)
    copyOut(sql).collect { chunk ->
        parser.append(chunk)
        while (true) emit(parser.next() ?: break)
    }
    parser.finish()
}
