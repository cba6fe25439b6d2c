package io.databridge.dsl.render

import io.databridge.dsl.Query
import io.databridge.dsl.ReturningCapable
import io.databridge.dsl.Statement
import java.util.concurrent.ConcurrentHashMap
import java.util.concurrent.atomic.AtomicLong

/**
 * Turns statement trees into SQL text plus parameters, caching the text by the tree's SHAPE. A statement is looked
 * up as it is: parameter nodes compare by type only, so trees that differ only in bound values are equal and hash
 * alike, and computing the key (hashing the tree) costs no string building. On a hit the tree is walked once more
 * only to collect the values in placeholder order. A miss stores a copy of the tree without its values as the key,
 * so the cache never keeps a caller's values alive. Different shapes never share an entry: the map compares keys
 * with full structural equality. Thread-safe.
 */
public class SqlRenderer(private val maxCachedShapes: Int = 2048) {
    private val cache = ConcurrentHashMap<Statement, String>()
    private val renders = AtomicLong()
    private val hits = AtomicLong()

    /** How many statements were rendered to text (cache misses). */
    public val renderCount: Long get() = renders.get()

    /** How many renders were answered from the shape cache. */
    public val cacheHits: Long get() = hits.get()

    /** Renders [statement]. */
    public fun render(statement: Statement): RenderedSql {
        val cached = cache[statement]
        if (cached != null) {
            hits.incrementAndGet()
            val collector = SqlWriter(null)
            collector.statement(statement)
            return RenderedSql(cached, collector.parameters)
        }
        val writer = SqlWriter(StringBuilder(128))
        writer.statement(statement)
        val sql = writer.sql()
        renders.incrementAndGet()
        // A full cache is emptied rather than tracked per entry: shapes of a service are few and re-rendering is cheap.
        if (cache.size >= maxCachedShapes) cache.clear()
        cache.putIfAbsent(shapeKey(statement), sql)
        return RenderedSql(sql, writer.parameters)
    }

    /** Renders [query]. */
    public fun render(query: Query<*>): RenderedSql = render(query.statement)

    /** The values [statement] binds, in placeholder order, without its SQL (for a statement whose shape is known to be rendered). */
    internal fun parameters(statement: Statement): List<BoundParameter> = SqlWriter(null).also { it.statement(statement) }.parameters

    /**
     * [statement]'s SQL reading parameter `n` from the setting `<prefix>n` instead of `$n` (for COPY, which takes no
     * parameters); not cached, as it is rendered once per COPY.
     */
    internal fun renderReadingSettings(statement: Statement, prefix: String): String =
        SqlWriter(StringBuilder(128), settingsPrefix = prefix).also { it.statement(statement) }.sql()

    /** Renders [statement]. */
    public fun render(statement: ReturningCapable): RenderedSql = render(statement.statement)

    /** The renderer shared by default. */
    public companion object {
        /** A process-wide renderer with the default cache size. */
        @JvmStatic
        public val shared: SqlRenderer = SqlRenderer()
    }
}
