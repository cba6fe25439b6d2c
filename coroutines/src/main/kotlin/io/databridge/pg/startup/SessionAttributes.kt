package io.databridge.pg.startup

import io.databridge.pg.PgConnection
import io.databridge.pg.config.TargetSessionAttrs

/** The `target_session_attrs` checks, from reported parameters when the server reports them, else by asking. */
internal object SessionAttributes {
    /** Why [connection] does not fit [wanted], or null when it does. */
    suspend fun mismatch(connection: PgConnection, wanted: TargetSessionAttrs): String? {
        if (wanted == TargetSessionAttrs.ANY) return null
        return when (wanted) {
            TargetSessionAttrs.READ_WRITE -> if (readOnly(connection)) "it is read-only" else null
            TargetSessionAttrs.READ_ONLY -> if (readOnly(connection)) null else "it is read-write"
            TargetSessionAttrs.PRIMARY -> if (hotStandby(connection)) "it is a standby" else null
            TargetSessionAttrs.STANDBY -> if (hotStandby(connection)) null else "it is not a standby"
            TargetSessionAttrs.ANY, TargetSessionAttrs.PREFER_STANDBY -> null
        }
    }

    // PostgreSQL 14+ reports both settings at startup; older servers are asked, as libpq does.
    private suspend fun readOnly(connection: PgConnection): Boolean {
        val reported = connection.parameters["default_transaction_read_only"]
        if (reported == "on" || hotStandby(connection)) return true
        if (reported == "off") return false
        return show(connection, "transaction_read_only") == "on"
    }

    private suspend fun hotStandby(connection: PgConnection): Boolean {
        connection.parameters["in_hot_standby"]?.let { return it == "on" }
        return connection.simpleQuery("SELECT pg_catalog.pg_is_in_recovery()").single().rows.single().getBoolean(0)
    }

    private suspend fun show(connection: PgConnection, setting: String): String =
        connection.simpleQuery("SHOW $setting").single().rows.single().getString(0)
}
