package io.databridge.embedded

import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.booleans.shouldBeFalse
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.nio.file.Files
import java.util.concurrent.TimeUnit

/** The fallback that runs the binaries as an unprivileged OS user, forced with [LaunchMode.OS_USER]. */
class OsUserLaunchSpec : FunSpec({
    val root = System.getProperty("user.name") == "root"
    val osUser = "databridge-pg"

    test("as root, the server and its replica really run as the OS user and are cleaned up").config(enabled = root) {
        if (ProcessBuilder("id", "-u", osUser).start().waitFor() != 0) {
            val useradd = ProcessBuilder("useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", osUser).inheritIO().start()
            useradd.waitFor(30, TimeUnit.SECONDS) shouldBe true
        }
        val pg = EmbeddedPostgres.start {
            launchMode(LaunchMode.OS_USER)
            osUser(osUser)
            tls()
            user("app", "app-secret", AuthMethod.SCRAM_SHA_256)
        }
        val pid: Long
        val base = pg.dataDirectory.parent
        pg.use {
            pid = pg.postmasterPid()
            ProcessHandle.of(pid).get().info().user().get() shouldBe osUser
            connect(pg, "postgres", "user" to "app", "password" to "app-secret", "sslmode" to "verify-full", "sslrootcert" to pg.tls!!.caFile.toString()).use {
                it.single("SELECT current_user") shouldBe "app"
            }
            pg.serverLog() shouldContain "database system is ready"
            pg.startReplica().use { replica ->
                ProcessHandle.of(replica.postmasterPid()).get().info().user().get() shouldBe osUser
                replica.isInRecovery() shouldBe true
            }
        }
        processAlive(pid).shouldBeFalse()
        Files.exists(base).shouldBeFalse()
    }

    test("as root, a missing OS user is named in the exception").config(enabled = root) {
        val e = shouldThrow<EmbeddedPostgresException> {
            EmbeddedPostgres.start { launchMode(LaunchMode.OS_USER); osUser("no-such-user-here") }
        }
        e.message shouldContain "no-such-user-here"
    }

    test("without root, the OS-user fallback is refused with the reason (runs only as a non-root user)").config(enabled = !root) {
        val e = shouldThrow<EmbeddedPostgresException> { EmbeddedPostgres.start { launchMode(LaunchMode.OS_USER) } }
        e.message shouldContain "needs root"
    }
})
