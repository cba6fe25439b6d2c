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
    }
}

/** A [BenchAdmin] on its own JDBC connection to a server another process started (the compare workers). */
internal class RemoteBenchAdmin(address: ServerAddress) : BenchAdmin, AutoCloseable {
    private val admin: Connection = DriverManager.getConnection(address.jdbcUrl())

    override fun countAndSum(table: String, column: String): Pair<Long, Long> = BenchAdmin.countAndSum(admin, table, column)

    override fun truncate(table: String) = BenchAdmin.truncate(admin, table)

    override fun close() = admin.close()
}
