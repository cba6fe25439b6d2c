package consumer

import io.databridge.dsl.Table
import io.databridge.dsl.eq
import io.databridge.dsl.exec.execute
import io.databridge.dsl.exec.single
import io.databridge.dsl.insert
import io.databridge.dsl.select
import io.databridge.embedded.EmbeddedPostgres
import io.databridge.ktor.DataBridge
import io.databridge.pg.PgConnection
import io.databridge.pg.PgPool
import io.ktor.server.application.Application
import io.ktor.server.application.install
import kotlinx.coroutines.runBlocking
import kotlin.system.exitProcess

/** A table as a user declares it. */
object Items : Table("item") {
    val id = int4("id").primaryKey()
    val name = text("name")
}

/** A Ktor module as a user writes it: compiled against data-bridge-ktor, not started here. */
fun Application.consumerModule() {
    install(DataBridge)
}

/** Runs one query through each API on the embedded server and exits non-zero unless every answer is right. */
fun main() {
    val checks = EmbeddedPostgres.start().use { pg ->
        runBlocking {
            val engine = PgConnection.connect(pg.url()).use { db ->
                db.execute("CREATE TABLE item (id int4 PRIMARY KEY, name text NOT NULL)")
                db.query("SELECT $1::int + 1 AS n", 41).rows.single().getInt("n")
            }
            val pool = PgPool.create(pg.url())
            val dsl = try {
                pool.execute(Items.insert { it[Items.id] = 1; it[Items.name] = "kettle" })
                pool.single(select(Items.name).from(Items).where(Items.id eq 1))
            } finally {
                pool.closeGracefully()
            }
            listOf("Kotlin engine" to (engine == 42), "Kotlin DSL" to (dsl == "kettle"), "Java facade" to (JavaConsumer.countItems(pg.url()) == 1L))
        }
    }
    checks.forEach { (what, ok) -> println("consumer: $what ${if (ok) "ok" else "FAILED"}") }
    exitProcess(if (checks.all { it.second }) 0 else 1)
}
