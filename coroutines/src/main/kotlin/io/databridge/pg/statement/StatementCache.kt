package io.databridge.pg.statement

import io.databridge.pg.pipeline.BoundStatement
import io.databridge.pg.pipeline.StatementDescription
import kotlinx.coroutines.Deferred

/** A statement of the cache: [described] completes when Describe(S) answered; [plan] is built once from it. */
internal class CachedStatement(val sql: String, val name: String, val described: Deferred<StatementDescription>) {
    var bound: BoundStatement? = null
}

/**
 * The per-connection LRU of described statements, keyed by SQL text. With [capacity] > 0 statements are named
 * server-side and the least recently used one is closed on overflow; with 0 only the descriptions are kept (up to
 * [DESCRIPTIONS_ONLY_LIMIT]) and every execution re-parses the unnamed statement. Loop thread only.
 */
internal class StatementCache(private val capacity: Int) {
    private val named = capacity > 0
    private val limit = if (named) capacity else DESCRIPTIONS_ONLY_LIMIT
    private val entries = LinkedHashMap<String, CachedStatement>(16, 0.75f, true)
    private var counter = 0L

    val size: Int get() = entries.size

    operator fun get(sql: String): CachedStatement? = entries[sql]

    /** The name the next new statement gets ("" for the unnamed statement). */
    fun nextName(): String = if (named) "db_s${counter++}" else ""

    /** Adds [entry]; returns the evicted least recently used entry, if any. */
    fun put(entry: CachedStatement): CachedStatement? {
        entries[entry.sql] = entry
        if (entries.size <= limit) return null
        val eldest = entries.entries.iterator()
        val evicted = eldest.next().value
        eldest.remove()
        return evicted
    }

    /** Forgets [entry] if it is still the cached one for its SQL. */
    fun remove(entry: CachedStatement): Boolean {
        if (entries[entry.sql] !== entry) return false
        entries.remove(entry.sql)
        return true
    }

    private companion object {
        const val DESCRIPTIONS_ONLY_LIMIT = 256
    }
}
