package io.databridge.pg

import io.databridge.embedded.SharedPostgres
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe

/**
 * The suites run twice (see coroutines/pom.xml): on the bundled PostgreSQL 18, and again with every embedded server
 * of the JVM on PostgreSQL 14. This spec proves each run talks to the major it claims.
 */
class ServerMajorSpec : FunSpec({
    test("the shared server runs the major this test run was started for") {
        val expected = System.getProperty("databridge.test.expectedMajor")?.toInt() ?: 18
        SharedPostgres.server.majorVersion shouldBe expected
        PgConnection.connect(SharedPostgres.server.url()).use { it.serverVersion.major shouldBe expected }
    }
})
