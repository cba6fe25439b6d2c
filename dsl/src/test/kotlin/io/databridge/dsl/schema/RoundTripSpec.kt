package io.databridge.dsl.schema

import io.databridge.embedded.EmbeddedPostgres
import io.databridge.embedded.PgBinaries
import io.databridge.embedded.SharedPostgres
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import java.nio.file.Paths

/** Every construct of the corpus created from the objects and read back equal, on PostgreSQL 18 and 14. */
class RoundTripSpec : FunSpec({
    test("PostgreSQL 18: the corpus reads back as declared and diffs empty") {
        corpusRoundTrip(SharedPostgres.server.url())
    }

    test("PostgreSQL 14: the corpus reads back as declared and diffs empty") {
        val jar = Paths.get(System.getProperty("databridge.test.pg14Jar") ?: error("run through Maven: the PostgreSQL 14 jar path is set by the build"))
        EmbeddedPostgres.start { binaries(PgBinaries.fromJar(jar)) }.use { pg ->
            pg.majorVersion shouldBe 14
            corpusRoundTrip(pg.url())
        }
    }
})
