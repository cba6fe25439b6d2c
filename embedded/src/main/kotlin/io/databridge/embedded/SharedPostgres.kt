package io.databridge.embedded

/**
 * One embedded cluster shared by everything in this JVM (a test run), started on first use and stopped when
 * the JVM exits.
 */
public object SharedPostgres {
    /** The shared cluster, started on first access (with TLS, so TLS tests can share it too). */
    @JvmStatic
    public val server: EmbeddedPostgres by lazy { EmbeddedPostgres.start { tls() } }
}
