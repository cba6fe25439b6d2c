package io.databridge.embedded

import io.zonky.test.db.postgres.embedded.PgBinaryResolver
import java.time.Duration

/** An extra database created at start, owned by [owner] (the superuser when null). */
public class DatabaseSpec(
    /** The database name. */
    public val name: String,
    /** The owning role, or null for the superuser. */
    public val owner: String? = null,
) {
    override fun toString(): String = "DatabaseSpec(name=$name, owner=$owner)"
}

/** Everything [EmbeddedPostgresBuilder] collected: the immutable description of a cluster to start. */
internal class ClusterConfig(
    val binaries: PgBinaryResolver,
    val port: Int,
    val settings: Map<String, String>,
    val users: List<PostgresUser>,
    val databases: List<DatabaseSpec>,
    val tls: Boolean,
    val defaultAuth: AuthMethod,
    val startupTimeout: Duration,
    val launchMode: LaunchMode,
    val osUser: String,
)
