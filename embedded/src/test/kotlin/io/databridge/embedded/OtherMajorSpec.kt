package io.databridge.embedded

import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.booleans.shouldBeFalse
import io.kotest.matchers.booleans.shouldBeTrue
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.nio.file.Paths

/** PostgreSQL 14 from its binaries jar, which the build copies next to the test classes (see embedded/pom.xml). */
class OtherMajorSpec : FunSpec({
    val jar = Paths.get(System.getProperty("databridge.test.pg14Jar") ?: error("run through Maven: the PostgreSQL 14 jar path is set by the build"))

    test("PostgreSQL 14 from a binaries jar starts and streams to a replica, and refuses failover slot synchronisation") {
        EmbeddedPostgres.start { binaries(PgBinaries.fromJar(jar)) }.use { pg ->
            pg.majorVersion shouldBe 14
            connect(pg, props = arrayOf("user" to "postgres")).use { it.run("CREATE TABLE t AS SELECT 1 AS x") }
            pg.startReplica().use { replica ->
                replica.isInRecovery().shouldBeTrue()
                connect(replica, props = arrayOf("user" to "postgres")).use { it.single("SELECT count(*) FROM t") shouldBe "1" }
                replica.promote()
                replica.isInRecovery().shouldBeFalse()
            }
            shouldThrow<IllegalStateException> { pg.replica().physicalSlot("standby_14").syncFailoverSlots().start() }
                .message shouldContain "PostgreSQL 17"
        }
    }

    test("the binariesJar system property makes every server of the JVM start that major unless told otherwise") {
        System.setProperty(PgBinaries.BINARIES_JAR_PROPERTY, jar.toString())
        try {
            EmbeddedPostgres.start().use { pg -> pg.majorVersion shouldBe 14 }
            EmbeddedPostgres.start { binaries(PgBinaries.bundled()) }.use { pg -> pg.majorVersion shouldBe 18 }
        } finally {
            System.clearProperty(PgBinaries.BINARIES_JAR_PROPERTY)
        }
        EmbeddedPostgres.start().use { pg -> pg.majorVersion shouldBe 18 }
    }
})
