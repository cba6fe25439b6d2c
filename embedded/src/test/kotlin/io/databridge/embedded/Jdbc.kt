package io.databridge.embedded

import java.sql.Connection
import java.sql.DriverManager
import java.util.Properties

/** Opens a pgjdbc connection to [pg] with the given properties. */
fun connect(pg: EmbeddedPostgres, database: String = "postgres", vararg props: Pair<String, String>): Connection {
    val properties = Properties()
    properties["connectTimeout"] = "10"
    properties["socketTimeout"] = "30"
    props.forEach { (k, v) -> properties[k] = v }
    return DriverManager.getConnection("jdbc:postgresql://${pg.host}:${pg.port}/$database", properties)
}

/** The first column of the first row of [sql]. */
fun Connection.single(sql: String): String? =
    createStatement().use { st -> st.executeQuery(sql).use { rs -> check(rs.next()) { "no row for $sql" }; rs.getString(1) } }

/** The postmaster's pid as its pid file says. */
fun EmbeddedPostgres.postmasterPid(): Long =
    java.nio.file.Files.readAllLines(dataDirectory.resolve("postmaster.pid")).first().trim().toLong()

/** Whether a process with [pid] still runs. */
fun processAlive(pid: Long): Boolean = ProcessHandle.of(pid).map { it.isAlive }.orElse(false)

/** Runs each of [statements]. */
fun Connection.run(vararg statements: String) {
    createStatement().use { st -> statements.forEach { st.execute(it) } }
}
