package io.databridge.ktor

import io.databridge.dsl.Table
import io.databridge.dsl.exec.execute
import io.databridge.dsl.exec.list
import io.databridge.dsl.insert
import io.databridge.dsl.select
import io.databridge.embedded.kotest.PostgresDatabaseExtension
import io.kotest.core.extensions.install
import io.databridge.pg.PgConnection
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.ktor.client.request.post
import io.ktor.client.statement.bodyAsText
import io.ktor.http.HttpStatusCode
import io.ktor.server.response.respondText
import io.ktor.server.routing.post
import io.ktor.server.routing.routing
import io.ktor.server.testing.testApplication

private object Entries : Table("ktor_entries") {
    val name = text("name")
}

class TransactionSpec : FunSpec({
    val db = install(PostgresDatabaseExtension("ktor-tx"))

    beforeSpec { PgConnection.connect(db.url).use { it.execute("CREATE TABLE ktor_entries (name text NOT NULL)") } }

    suspend fun names(): List<String> =
        PgConnection.connect(db.url).use { c -> c.list(select(Entries.name).from(Entries)).sorted() }

    test("a call's transaction commits when the handler returns and rolls back when it throws") {
        testApplication {
            startWith(configFor(db, "ktor_tx")) {
                routing {
                    post("/entries/{name}") {
                        val seen = call.transaction { tx ->
                            tx.execute(Entries.insert { it[Entries.name] = call.parameters["name"]!! })
                            // The call's session runs in the same transaction: it sees the uncommitted row.
                            call.dataBridge.list(select(Entries.name).from(Entries)).size
                        }
                        call.respondText("saw $seen")
                    }
                    post("/failing/{name}") {
                        call.transaction { tx ->
                            tx.execute(Entries.insert { it[Entries.name] = call.parameters["name"]!! })
                            error("the handler failed after its insert")
                        }
                    }
                }
            }
            client.post("/entries/kept").bodyAsText() shouldBe "saw 1"
            client.post("/failing/lost").status shouldBe HttpStatusCode.InternalServerError
            client.post("/entries/also-kept").bodyAsText() shouldBe "saw 2"
        }
        names() shouldBe listOf("also-kept", "kept")
    }
})
