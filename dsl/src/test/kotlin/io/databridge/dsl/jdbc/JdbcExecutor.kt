package io.databridge.dsl.jdbc

import io.databridge.dsl.Query
import io.databridge.dsl.ReturningCapable
import io.databridge.dsl.RowReader
import io.databridge.dsl.Statement
import io.databridge.dsl.render.RenderedSql
import io.databridge.dsl.render.SqlRenderer
import io.databridge.dsl.types.BuiltinKind
import io.databridge.dsl.types.BuiltinType
import io.databridge.dsl.types.PgType
import java.sql.Connection
import java.sql.PreparedStatement
import java.sql.ResultSet
import java.sql.Types

/**
 * TEST-ONLY executor: runs rendered statements through pgjdbc so the DSL can be checked against a real server
 * before our engine exists. Each `$n` becomes `?::type` (the type hint) and each value is bound with setObject
 * in its text form; rows are read back through a [RowReader], the interface the engine will implement.
 */
class JdbcExecutor(private val connection: Connection, val renderer: SqlRenderer = SqlRenderer()) {
    init {
        connection.createStatement().use {
            it.execute("SET TimeZone = 'UTC'")
            it.execute("SET IntervalStyle = 'iso_8601'")
        }
    }

    /** Runs plain SQL (DDL in test setup). */
    fun ddl(sql: String) {
        connection.createStatement().use { it.execute(sql) }
    }

    /** Runs [query] and decodes every row. */
    fun <R> list(query: Query<R>): List<R> = prepare(renderer.render(query)).use { ps ->
        ps.executeQuery().use { rs ->
            val reader = ResultSetReader(rs)
            buildList { while (rs.next()) add(query.shape.decode(reader)) }
        }
    }

    /** Runs a statement without result rows; returns the affected row count. */
    fun execute(statement: Statement): Int = prepare(renderer.render(statement)).use { it.executeUpdate() }

    /** Runs an INSERT/UPDATE/DELETE without RETURNING; returns the affected row count. */
    fun execute(statement: ReturningCapable): Int = execute(statement.statement)

    private fun prepare(rendered: RenderedSql): PreparedStatement {
        val ps = connection.prepareStatement(toJdbc(rendered))
        try {
            rendered.parameters.forEachIndexed { i, p ->
                val value = p.value
                when {
                    value == null -> ps.setNull(i + 1, Types.OTHER)
                    value is ByteArray -> ps.setBytes(i + 1, value)
                    else -> ps.setObject(i + 1, PgText.encode(value, p.type), Types.OTHER)
                }
            }
        } catch (e: Exception) {
            ps.close()
            throw e
        }
        return ps
    }

    private class ResultSetReader(private val rs: ResultSet) : RowReader {
        override fun read(index: Int, type: PgType<*>): Any? {
            if (type is BuiltinType<*> && type.kind == BuiltinKind.BYTEA) return rs.getBytes(index + 1)
            if (type is BuiltinType<*> && type.kind == BuiltinKind.HSTORE) return rs.getObject(index + 1)
            val text = rs.getString(index + 1) ?: return null
            return PgText.decode(text, type)
        }
    }

    companion object {
        private val TYPMOD = Regex("""\(\d+(,\d+)?\)""")

        /** The cast that types a bound value: without length modifiers, which would truncate (`bit` alone means `bit(1)`). */
        private fun castName(type: PgType<*>): String =
            type.sqlName.replace(Regex("^bit\\("), "varbit(").replace(TYPMOD, "")

        /** `$n` → `?::type`; a `?` operator → `??` (pgjdbc's escape); quoted names and strings are copied as they are. */
        fun toJdbc(rendered: RenderedSql): String {
            val sql = rendered.sql
            val out = StringBuilder(sql.length + 16)
            var i = 0
            var next = 1
            while (i < sql.length) {
                val c = sql[i]
                when {
                    c == '"' || c == '\'' -> {
                        val end = sql.indexOf(c, i + 1).let { if (it < 0) sql.length - 1 else it }
                        out.append(sql, i, end + 1); i = end
                    }
                    c == '$' && i + 1 < sql.length && sql[i + 1].isDigit() -> {
                        var j = i + 1
                        while (j < sql.length && sql[j].isDigit()) j++
                        val n = sql.substring(i + 1, j).toInt()
                        check(n == next++) { "parameters out of order in $sql" }
                        out.append("?::").append(castName(rendered.parameters[n - 1].type))
                        i = j - 1
                    }
                    c == '?' -> out.append("??")
                    else -> out.append(c)
                }
                i++
            }
            return out.toString()
        }
    }
}
