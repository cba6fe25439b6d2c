package io.databridge.embedded

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres as ZonkyPostgres
import java.time.Duration

/**
 * A real, throwaway PostgreSQL cluster: started on a free port, stopped and deleted by [close].
 */
public class EmbeddedPostgres private constructor(private val server: ZonkyPostgres) : AutoCloseable {
    /** The host name clients connect to. */
    public val host: String = "localhost"

    /** The TCP port the server listens on. */
    public val port: Int get() = server.port

    /** The superuser, which authenticates with trust over loopback. */
    public val superuser: String = "postgres"

    /** A libpq-style URI for [database] as [user]. */
    public fun url(database: String = "postgres", user: String = superuser): String =
        "postgresql://$user@$host:$port/$database"

    /** A pgjdbc URL for [database] as [user], for tests that use a JDBC client. */
    public fun jdbcUrl(database: String = "postgres", user: String = superuser): String =
        "jdbc:postgresql://$host:$port/$database?user=$user"

    /** Stops the server and deletes its directory. Calling it twice is harmless. */
    override fun close() {
        server.close()
    }

    /** Starts a cluster. */
    public companion object {
        /** Starts a fresh cluster with default settings and waits until it accepts connections. */
        @JvmStatic
        public fun start(): EmbeddedPostgres = EmbeddedPostgres(
            ZonkyPostgres.builder()
                .setPGStartupWait(Duration.ofSeconds(60))
                .setServerConfig("fsync", "off")
                .start(),
        )
    }
}
