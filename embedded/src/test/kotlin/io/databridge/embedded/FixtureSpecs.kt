package io.databridge.embedded

import io.databridge.embedded.kotest.PostgresDatabaseExtension
import io.kotest.core.extensions.install
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.booleans.shouldBeTrue
import io.kotest.matchers.shouldBe
import io.kotest.matchers.shouldNotBe
import io.kotest.matchers.string.shouldStartWith
import java.sql.DriverManager
import java.util.concurrent.ConcurrentHashMap

/** Database names handed out to the fixture specs below; each must be new. */
private val handedOut: MutableSet<String> = ConcurrentHashMap.newKeySet()

private fun currentDatabase(db: TestDatabase): String =
    DriverManager.getConnection(db.jdbcUrl).use { it.single("SELECT current_database()")!! }

class KotestFixtureSpec : FunSpec({
    val db = install(PostgresDatabaseExtension("kotest-fixture"))
    val other = install(PostgresDatabaseExtension())

    test("each installed extension gives its own fresh database on the shared cluster") {
        handedOut.add(db.database).shouldBeTrue()
        handedOut.add(other.database).shouldBeTrue()
        db.database shouldStartWith "t_kotest_fixture_"
        currentDatabase(db) shouldBe db.database
        currentDatabase(other) shouldBe other.database
        db.database shouldNotBe other.database
        db.port shouldBe SharedPostgres.server.port
    }
})

class SecondKotestFixtureSpec : FunSpec({
    val db = install(PostgresDatabaseExtension())

    test("another spec gets another database") {
        handedOut.add(db.database).shouldBeTrue()
        currentDatabase(db) shouldBe db.database
    }
})
