package io.databridge.embedded

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.booleans.shouldBeFalse
import io.kotest.matchers.booleans.shouldBeTrue
import java.nio.file.Files

class StaleClustersSpec : FunSpec({
    test("a directory left by a dead JVM is deleted, without killing an unrelated process its pid file names") {
        val base = Files.createTempDirectory("stale-cluster")
        Files.createFile(base.resolve(ClusterDirectory.LOCK_NAME))
        Files.createDirectories(base.resolve("data"))
        // A reused pid: ours, which is a java process, not a postgres server.
        Files.writeString(base.resolve("data/postmaster.pid"), "${ProcessHandle.current().pid()}\n")
        StaleClusters.sweep(base)
        Files.exists(base).shouldBeFalse()
        ProcessHandle.current().isAlive.shouldBeTrue()
    }

    test("a live cluster's directory is left alone") {
        val pg = SharedPostgres.server
        StaleClusters.sweep(pg.dataDirectory.parent)
        Files.exists(pg.dataDirectory).shouldBeTrue()
        connect(pg, props = arrayOf("user" to "postgres")).use { it.single("SELECT 1") }
    }
})
