package io.databridge.pg.replication

import io.databridge.pg.protocol.ByteWriter

/** Builds pgoutput messages byte by byte, as the "Logical Replication Message Formats" chapter lays them out. */
internal fun pgoutput(kind: Char, body: ByteWriter.() -> Unit): ByteArray =
    ByteWriter(64).apply {
        writeByte(kind.code)
        body()
    }.toByteArray()

internal fun ByteWriter.tuple(vararg cells: String?) {
    writeShort(cells.size)
    for (cell in cells) {
        when (cell) {
            null -> writeByte('n'.code)
            UNCHANGED -> writeByte('u'.code)
            else -> {
                writeByte('t'.code)
                val bytes = cell.toByteArray()
                writeInt(bytes.size)
                writeBytes(bytes)
            }
        }
    }
}

/** Stands for an unchanged TOAST cell in [tuple]. */
internal const val UNCHANGED = "\u0000unchanged"

internal fun relationMessage(oid: Int, table: String, identity: Char, vararg columns: Triple<String, Int, Boolean>, xid: Int? = null): ByteArray =
    pgoutput('R') {
        xid?.let(::writeInt)
        writeInt(oid)
        writeCString("public")
        writeCString(table)
        writeByte(identity.code)
        writeShort(columns.size)
        for ((name, type, key) in columns) {
            writeByte(if (key) 1 else 0)
            writeCString(name)
            writeInt(type)
            writeInt(-1)
        }
    }

internal fun begin(finalLsn: Long, xid: Int): ByteArray = pgoutput('B') {
    writeLong(finalLsn)
    writeLong(0)
    writeInt(xid)
}

internal fun commit(commitLsn: Long, endLsn: Long): ByteArray = pgoutput('C') {
    writeByte(0)
    writeLong(commitLsn)
    writeLong(endLsn)
    writeLong(0)
}

internal fun insert(oid: Int, vararg cells: String?, xid: Int? = null): ByteArray = pgoutput('I') {
    xid?.let(::writeInt)
    writeInt(oid)
    writeByte('N'.code)
    tuple(*cells)
}
