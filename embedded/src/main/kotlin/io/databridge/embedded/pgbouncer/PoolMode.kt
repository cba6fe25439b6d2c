package io.databridge.embedded.pgbouncer

/** When PgBouncer hands a server connection back to the pool; [keyword] is its `pool_mode` value. */
public enum class PoolMode(internal val keyword: String) {
    /** After the client disconnects. */
    SESSION("session"),

    /** After each transaction (the mode that forbids named prepared statements across transactions). */
    TRANSACTION("transaction"),

    /** After each statement; multi-statement transactions are refused. */
    STATEMENT("statement"),
}
