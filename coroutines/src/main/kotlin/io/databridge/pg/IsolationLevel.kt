package io.databridge.pg

/** The SQL isolation level a transaction starts with (`BEGIN ISOLATION LEVEL …`). */
public enum class IsolationLevel(internal val sql: String) {
    /** READ UNCOMMITTED (behaves as READ COMMITTED in PostgreSQL). */
    READ_UNCOMMITTED("READ UNCOMMITTED"),

    /** READ COMMITTED, PostgreSQL's default. */
    READ_COMMITTED("READ COMMITTED"),

    /** REPEATABLE READ (snapshot isolation). */
    REPEATABLE_READ("REPEATABLE READ"),

    /** SERIALIZABLE (may fail with serialization failures: pair it with a [RetryPolicy]). */
    SERIALIZABLE("SERIALIZABLE"),
}
