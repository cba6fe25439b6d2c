package io.databridge.pg.replication

import io.databridge.pg.errors.ColumnNotFoundException
import io.databridge.pg.errors.ValueDecodingException
import io.databridge.pg.types.CodecContext
import io.databridge.pg.types.PgCodec

/**
 * The values of one replicated row, decoded on access by the codecs of [context]'s registry (types it does not know
 * are read as String from text, or returned as their raw bytes from binary). A column whose value the stream did not
 * carry (unchanged TOAST) is neither NULL nor a value: [isUnchangedToast] says so and [get] refuses it.
 */
public class ChangeRow internal constructor(
    /** The relation the row belongs to, as the WAL described it. */
    public val relation: Relation,
    /** The cells as sent, one per column of [relation]. */
    public val cells: List<Cell>,
    private val context: CodecContext,
    private val types: RelationCache?,
) {
    /** The number of columns. */
    public val size: Int get() = cells.size

    /** The index of column [name]; throws [ColumnNotFoundException] when the relation has none. */
    public fun indexOf(name: String): Int {
        val i = relation.columns.indexOfFirst { it.name == name }
        if (i < 0 || i >= cells.size) {
            throw ColumnNotFoundException("no column \"$name\" in ${relation.qualifiedName} (columns: ${relation.columns.joinToString { it.name }})")
        }
        return i
    }

    /** Whether column [name] is SQL NULL. */
    public fun isNull(name: String): Boolean = cells[indexOf(name)] == Cell.Null

    /** Whether column [name] is an unchanged TOAST value the stream did not carry. */
    public fun isUnchangedToast(name: String): Boolean = cells[indexOf(name)] == Cell.UnchangedToast

    /** The value of column [name] as its codec's JVM type, or null for SQL NULL; throws for unchanged TOAST. */
    public operator fun get(name: String): Any? = get(indexOf(name))

    /** The value at [index] as its codec's JVM type, or null for SQL NULL; throws for unchanged TOAST. */
    public fun get(index: Int): Any? {
        val column = relation.columns[index]
        return when (val cell = cells[index]) {
            Cell.Null -> null
            Cell.UnchangedToast -> throw ValueDecodingException(
                "column \"${column.name}\" of ${relation.qualifiedName} is an unchanged TOAST value the stream did not carry " +
                    "(REPLICA IDENTITY FULL sends it in the old row)",
            )
            is Cell.Text -> decode(column) { it.decodeText(cell.bytes, 0, cell.bytes.size, context) } ?: String(cell.bytes, Charsets.UTF_8)
            is Cell.Binary -> decode(column) { it.decodeBinary(cell.bytes, 0, cell.bytes.size, context) } ?: cell.bytes.copyOf()
        }
    }

    /** Every column name with its value; unchanged TOAST columns are left out. */
    public fun toMap(): Map<String, Any?> = buildMap<String, Any?> {
        for (i in cells.indices) if (cells[i] != Cell.UnchangedToast) put(relation.columns[i].name, this@ChangeRow.get(i))
    }

    private inline fun decode(column: RelationColumn, read: (PgCodec<*>) -> Any): Any? {
        val codec = context.registry.codecFor(column.typeOid)
            ?: types?.type(column.typeOid)?.let { context.registry.codecFor("${it.namespace}.${it.name}") }
            ?: return null
        return try {
            read(codec)
        } catch (e: ValueDecodingException) {
            throw e
        } catch (e: RuntimeException) {
            throw ValueDecodingException("cannot decode column \"${column.name}\" of ${relation.qualifiedName}: ${e.message}", e)
        }
    }

    override fun toString(): String = "ChangeRow(${relation.qualifiedName}, ${cells.size} columns)"
}
