package io.databridge.benchmark

import java.sql.Connection
import java.sql.DriverManager

/** What the harness does on the server between and after rounds: reset a table, check what landed in it. */
internal interface BenchAdmin {
    /** Row count and sum of [column] of [table], to check an insert or COPY really landed. */
    fun countAndSum(table: String, column: String): Pair<Long, Long>

    /** Empties [table]. */
    fun truncate(table: String)

    companion object {
        fun countAndSum(admin: Connection, table: String, column: String): Pair<Long, Long> =
            admin.createStatement().use { st ->
                st.executeQuery("SELECT count(*), coalesce(sum($column), 0) FROM $table").use { rs ->
                    rs.next()
                    rs.getLong(1) to rs.getLong(2)
                }
            }

        fun truncate(admin: Connection, table: String) {
            admin.createStatement().use { it.execute("TRUNCATE $table") }
        }

        /** The first column of the first row of [sql], as text. */
        fun scalar(admin: Connection, sql: String): String = admin.createStatement().use { st ->
            st.executeQuery(sql).use { rs ->
                rs.next()
                rs.getString(1)
            }
        }

        /** The pid of the postmaster, found as the parent of [admin]'s backend (for CPU pinning). */
        fun postmasterPid(admin: Connection): Long = ProcessHandle.of(scalar(admin, "SELECT pg_backend_pid()").toLong())
            .flatMap { it.parent() }.map { it.pid() }
            .orElseThrow { IllegalStateException("cannot find the postmaster of this backend") }
    }
}

/** A [BenchAdmin] on its own JDBC connection to a server another process started (the compare workers). */
internal class RemoteBenchAdmin(address: ServerAddress) : BenchAdmin, AutoCloseable {
    private val admin: Connection = DriverManager.getConnection(address.jdbcUrl())

    override fun countAndSum(table: String, column: String): Pair<Long, Long> = BenchAdmin.countAndSum(admin, table, column)

    override fun truncate(table: String) = BenchAdmin.truncate(admin, table)

    override fun close() = admin.close()
}
