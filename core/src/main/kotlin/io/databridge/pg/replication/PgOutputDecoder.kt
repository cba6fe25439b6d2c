package io.databridge.pg.replication

/**
 * Decodes the pgoutput messages of one replication stream, in order. It is stateful only in knowing whether a
 * streamed block is open (messages inside one carry a transaction id), so one decoder serves one stream.
 * Malformed input raises [io.databridge.pg.errors.ProtocolException]; a decoder that raised one should be dropped
 * with its stream.
 */
public class PgOutputDecoder {
    private var inStreamBlock = false

    /** Decodes the pgoutput message in `bytes[offset, offset + length)` (an [XLogData] payload). */
    public fun decode(bytes: ByteArray, offset: Int = 0, length: Int = bytes.size - offset): PgOutputMessage {
        val r = WireReader(bytes, offset, length, "pgoutput message")
        val message = when (val kind = r.byte("kind").toChar()) {
            'B' -> Begin(r.lsn("final LSN"), r.timestamp("commit time"), r.int32("xid"))
            'C' -> Commit(r.byte("flags"), r.lsn("commit LSN"), r.lsn("end LSN"), r.timestamp("commit time"))
            'O' -> Origin(r.lsn("origin LSN"), r.cstring("origin name"))
            'R' -> relation(r)
            'Y' -> TypeMessage(streamXid(r), ReplicatedType(r.int32("type OID"), r.cstring("namespace"), r.cstring("type name")))
            'I' -> insert(r)
            'U' -> update(r)
            'D' -> delete(r)
            'T' -> truncate(r)
            'M' -> message(r)
            'S' -> {
                if (inStreamBlock) r.fail("Stream Start inside an open streamed block")
                inStreamBlock = true
                StreamStart(r.int32("xid"), r.byte("first segment flag") == 1)
            }
            'E' -> {
                if (!inStreamBlock) r.fail("Stream Stop without Stream Start")
                inStreamBlock = false
                StreamStop
            }
            'c' -> StreamCommit(r.int32("xid"), r.byte("flags"), r.lsn("commit LSN"), r.lsn("end LSN"), r.timestamp("commit time"))
            'A' -> {
                val xid = r.int32("xid")
                val subXid = r.int32("subtransaction xid")
                if (r.remaining > 0) StreamAbort(xid, subXid, r.lsn("abort LSN"), r.timestamp("abort time"))
                else StreamAbort(xid, subXid, null, null)
            }
            'b' -> BeginPrepare(r.lsn("prepare LSN"), r.lsn("end LSN"), r.timestamp("prepare time"), r.int32("xid"), r.cstring("gid"))
            'P', 'p' -> Prepare(
                r.byte("flags"), r.lsn("prepare LSN"), r.lsn("end LSN"), r.timestamp("prepare time"), r.int32("xid"), r.cstring("gid"),
                streamed = kind == 'p',
            )
            'K' -> CommitPrepared(r.byte("flags"), r.lsn("commit LSN"), r.lsn("end LSN"), r.timestamp("commit time"), r.int32("xid"), r.cstring("gid"))
            'r' -> RollbackPrepared(
                r.byte("flags"), r.lsn("prepare end LSN"), r.lsn("rollback end LSN"), r.timestamp("prepare time"),
                r.timestamp("rollback time"), r.int32("xid"), r.cstring("gid"),
            )
            else -> r.fail("unknown message kind '${kind.printable()}'")
        }
        r.expectEnd()
        return message
    }

    private fun streamXid(r: WireReader): Int = if (inStreamBlock) r.int32("xid") else 0

    private fun relation(r: WireReader): RelationMessage {
        val xid = streamXid(r)
        val oid = r.int32("relation OID")
        val namespace = r.cstring("namespace")
        val name = r.cstring("relation name")
        val identity = ReplicaIdentity.of(r.byte("replica identity"), r)
        val count = r.int16("column count")
        val columns = List(count) {
            val flags = r.byte("column flags")
            val column = r.cstring("column name")
            RelationColumn(column, r.int32("column type OID"), r.int32("column type modifier"), flags and 1 != 0)
        }
        return RelationMessage(xid, Relation(oid, namespace, name, identity, columns))
    }

    private fun insert(r: WireReader): Insert {
        val xid = streamXid(r)
        val oid = r.int32("relation OID")
        expectTupleKind(r, 'N')
        return Insert(xid, oid, tuple(r))
    }

    private fun update(r: WireReader): Update {
        val xid = streamXid(r)
        val oid = r.int32("relation OID")
        return when (val kind = r.byte("tuple kind").toChar()) {
            'N' -> Update(xid, oid, null, false, tuple(r))
            'K', 'O' -> {
                val old = tuple(r)
                expectTupleKind(r, 'N')
                Update(xid, oid, old, kind == 'K', tuple(r))
            }
            else -> r.fail("unknown tuple kind '${kind.printable()}' in Update")
        }
    }

    private fun delete(r: WireReader): Delete {
        val xid = streamXid(r)
        val oid = r.int32("relation OID")
        val kind = r.byte("tuple kind").toChar()
        if (kind != 'K' && kind != 'O') r.fail("unknown tuple kind '${kind.printable()}' in Delete")
        return Delete(xid, oid, tuple(r), kind == 'K')
    }

    private fun truncate(r: WireReader): Truncate {
        val xid = streamXid(r)
        val count = r.int32("relation count")
        if (count < 0 || count > r.remaining / 4) r.fail("relation count $count does not fit the message")
        val options = r.byte("options")
        return Truncate(xid, List(count) { r.int32("relation OID") }, options and 1 != 0, options and 2 != 0)
    }

    private fun message(r: WireReader): LogicalMessage {
        val xid = streamXid(r)
        val transactional = r.byte("flags") and 1 != 0
        val lsn = r.lsn("message LSN")
        val prefix = r.cstring("prefix")
        return LogicalMessage(xid, transactional, lsn, prefix, r.bytes(r.int32("content length"), "content"))
    }

    private fun expectTupleKind(r: WireReader, expected: Char) {
        val kind = r.byte("tuple kind").toChar()
        if (kind != expected) r.fail("expected tuple kind '$expected', got '${kind.printable()}'")
    }

    private fun tuple(r: WireReader): List<Cell> {
        val count = r.int16("tuple column count")
        return List(count) {
            when (val kind = r.byte("column kind").toChar()) {
                'n' -> Cell.Null
                'u' -> Cell.UnchangedToast
                't' -> Cell.Text(r.bytes(r.int32("value length"), "text value"))
                'b' -> Cell.Binary(r.bytes(r.int32("value length"), "binary value"))
                else -> r.fail("unknown column kind '${kind.printable()}'")
            }
        }
    }
}
