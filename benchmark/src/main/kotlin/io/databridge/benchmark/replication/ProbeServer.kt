package io.databridge.benchmark.replication

import io.databridge.benchmark.BenchAdmin
import io.databridge.embedded.EmbeddedPostgres
import java.sql.Connection
import java.sql.DriverManager

/**
 * The replication probe's server: an embedded cluster with `wal_level=logical`, a table of nine column types and a
 * publication of it, and an admin connection that creates slots and commits the backlog each round.
 */
internal class ProbeServer : AutoCloseable {
    private val postgres = EmbeddedPostgres.start {
        setting("wal_level", "logical")
        setting("max_replication_slots", "10")
        setting("max_wal_senders", "10")
    }
    val url: String = postgres.url()
    val jdbcUrl: String = postgres.jdbcUrl()
    val user: String = postgres.superuser
    private val admin: Connection = DriverManager.getConnection(jdbcUrl)

    /** The server's version string. */
    val version: String = scalar("SHOW server_version")

    /** The postmaster's pid, for CPU pinning. */
    val postmasterPid: Long = BenchAdmin.postmasterPid(admin)

    init {
        execute(
            "CREATE TABLE repl_probe (id int8 PRIMARY KEY, n int4 NOT NULL, name text NOT NULL, amount numeric(12,2) NOT NULL, " +
                "at timestamptz NOT NULL, key uuid NOT NULL, flag bool NOT NULL, score float8 NOT NULL, doc jsonb NOT NULL)",
        )
        execute("CREATE PUBLICATION $PUBLICATION FOR TABLE repl_probe")
    }

    /** Creates logical slot [name] for pgoutput. */
    fun createSlot(name: String) = execute("SELECT pg_create_logical_replication_slot('$name', 'pgoutput')")

    /** Drops slot [name] once the walsender of the reader that used it has let it go. */
    fun dropSlot(name: String) {
        while (scalar("SELECT active FROM pg_replication_slots WHERE slot_name = '$name'") == "t") Thread.sleep(5)
        execute("SELECT pg_drop_replication_slot('$name')")
    }

    /** Commits ids [ids] as transactions of [perTransaction] inserts each, in one round trip. */
    fun commitBacklog(ids: LongRange, perTransaction: Int) {
        val transactions = (ids.last - ids.first + 1) / perTransaction
        execute(
            "DO $$ BEGIN FOR t IN 0..${transactions - 1} LOOP INSERT INTO repl_probe " +
                "SELECT g, g % 100000, 'name-' || g, (g % 100000) / 100.0, timestamptz '2026-01-01' + g * interval '1 second', " +
                "md5(g::text)::uuid, g % 2 = 0, g / 7.0, jsonb_build_object('id', g, 'tags', jsonb_build_array('a', 'b')) " +
                "FROM generate_series(${ids.first} + t * $perTransaction, ${ids.first} + (t + 1) * $perTransaction - 1) g; COMMIT; END LOOP; END $$",
        )
    }

    private fun execute(sql: String) {
        admin.createStatement().use { it.execute(sql) }
    }

    private fun scalar(sql: String): String = BenchAdmin.scalar(admin, sql)

    override fun close() {
        admin.close()
        postgres.close()
    }

    companion object {
        /** The publication every reader asks for. */
        const val PUBLICATION = "repl_probe_pub"
    }
}
