package io.databridge.embedded

import java.net.URI
import java.net.URLDecoder
import java.util.UUID

/**
 * Creates and drops per-class test databases. The server is the one named by the `DATABASE_URL` environment
 * variable (a `postgresql://user:password@host:port/db` URI whose user may create databases) when set, otherwise
 * [SharedPostgres.server].
 */
public object TestDatabases {
    /** Creates a fresh database whose name starts with a sanitised [label]. */
    @JvmStatic
    public fun create(label: String): TestDatabase = createOn(TestServer.resolve(), label)

    /** Drops [database] (closing its remaining sessions); a database already gone is fine. */
    @JvmStatic
    public fun drop(database: TestDatabase): Unit = dropOn(TestServer.resolve(), database)

    internal fun createOn(server: TestServer, label: String): TestDatabase {
        val suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 12)
        val name = ("t_" + label.lowercase().replace(Regex("[^a-z0-9_]"), "_")).take(48) + "_" + suffix
        server.admin().use { c -> Sql.execute(c, "CREATE DATABASE ${Sql.identifier(name)}") }
        return TestDatabase(server.host, server.port, name, server.user, server.password)
    }

    internal fun dropOn(server: TestServer, database: TestDatabase) {
        server.admin().use { c -> Sql.execute(c, "DROP DATABASE IF EXISTS ${Sql.identifier(database.database)} WITH (FORCE)") }
    }
}

/** The server test databases live on, and an administrative login to it. */
internal class TestServer(val host: String, val port: Int, val user: String, val password: String?, private val adminDatabase: String) {
    fun admin() = Sql.connect(host, port, adminDatabase, user, password)

    companion object {
        private const val ENV = "DATABASE_URL"

        fun resolve(): TestServer = System.getenv(ENV)?.takeIf { it.isNotBlank() }?.let(::parse) ?: SharedPostgres.server.let {
            TestServer(it.host, it.port, it.superuser, null, "postgres")
        }

        /** Parses a libpq URI such as `postgresql://user:secret@host:5432/postgres`. */
        fun parse(url: String): TestServer {
            val uri = try {
                URI(url)
            } catch (e: java.net.URISyntaxException) {
                throw EmbeddedPostgresException("$ENV is not a URI (postgresql://user:password@host:port/database)")
            }
            if (uri.scheme != "postgresql" && uri.scheme != "postgres") {
                throw EmbeddedPostgresException("$ENV must start with postgresql://, not ${uri.scheme}://")
            }
            val info = uri.rawUserInfo?.split(":", limit = 2).orEmpty()
            val user = info.getOrNull(0)?.let(::decode)?.takeIf { it.isNotEmpty() } ?: System.getProperty("user.name")
            val password = info.getOrNull(1)?.let(::decode)
            val database = uri.rawPath?.removePrefix("/")?.takeIf { it.isNotEmpty() }?.let(::decode) ?: "postgres"
            return TestServer(uri.host ?: "localhost", if (uri.port == -1) 5432 else uri.port, user, password, database)
        }

        private fun decode(s: String) = URLDecoder.decode(s, Charsets.UTF_8)
    }
}
