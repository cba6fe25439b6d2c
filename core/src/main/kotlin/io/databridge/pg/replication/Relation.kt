package io.databridge.pg.replication

/** How a table identifies the old row of an update or delete (`ALTER TABLE … REPLICA IDENTITY`). */
public enum class ReplicaIdentity(
    /** The wire byte of pgoutput's Relation message. */
    public val code: Char,
) {
    /** 'd': the primary key columns. */
    DEFAULT('d'),

    /** 'n': nothing; updates and deletes carry no old values. */
    NOTHING('n'),

    /** 'f': the whole old row. */
    FULL('f'),

    /** 'i': the columns of a chosen unique index. */
    INDEX('i'),
    ;

    internal companion object {
        fun of(code: Int, reader: WireReader): ReplicaIdentity =
            entries.firstOrNull { it.code.code == code } ?: reader.fail("unknown replica identity '${code.toChar().printable()}'")
    }
}

/** A column of a published relation, as the Relation message describes it. */
public data class RelationColumn(
    /** The column name. */
    val name: String,
    /** The column's type OID. */
    val typeOid: Int,
    /** The type modifier (`atttypmod`), -1 when none. */
    val typeModifier: Int,
    /** Whether the column is part of the replica identity key. */
    val isKey: Boolean,
)

/** A published table as the WAL described it when its changes were decoded (not today's catalog). */
public data class Relation(
    /** The table's OID. */
    val oid: Int,
    /** The schema name. */
    val namespace: String,
    /** The table name. */
    val name: String,
    /** The table's replica identity setting. */
    val replicaIdentity: ReplicaIdentity,
    /** The published columns, in order. */
    val columns: List<RelationColumn>,
) {
    /** `schema.table`. */
    val qualifiedName: String get() = "$namespace.$name"
}

/** A data type described by a Type message (sent before a relation using a non-built-in type). */
public data class ReplicatedType(
    /** The type's OID. */
    val oid: Int,
    /** The schema name. */
    val namespace: String,
    /** The type name. */
    val name: String,
)
