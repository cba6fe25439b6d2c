package io.databridge.dsl

import io.databridge.dsl.render.BoundParameter
import io.databridge.dsl.render.RenderedSql
import io.databridge.dsl.render.SqlRenderer
import io.databridge.dsl.types.PgType
import io.databridge.dsl.types.PgTypes
import kotlinx.serialization.Serializable

object Users : Table("users") {
    val id = int4("id").primaryKey()
    val email = text("email").unique()
    val name = text("name")
    val age = int4("age").nullable()
    val bossId = int4("boss_id").nullable()
}

object Orders : Table("orders") {
    val id = int4("id").primaryKey()
    val userId = int4("user_id").references(Users.id)
    val total = numeric("total", 10, 2)
    val tags = array("tags", PgTypes.text)
    val meta = jsonbElement("meta").nullable()
}

/** The DDL of [Users] and [Orders], for specs that create them in a schema of their own. */
val USERS_AND_ORDERS_DDL = arrayOf(
    "CREATE TABLE users (id int4 PRIMARY KEY, email text UNIQUE NOT NULL, name text NOT NULL, age int4, boss_id int4)",
    "CREATE TABLE orders (id int4 PRIMARY KEY, user_id int4 NOT NULL REFERENCES users, total numeric(10,2) NOT NULL, tags text[] NOT NULL, meta jsonb)",
)

@Serializable
data class Prefs(val theme: String, val fontSize: Int)

enum class Mood { HAPPY, SAD }

fun render(statement: Statement): RenderedSql = SqlRenderer().render(statement)
fun render(query: Query<*>): RenderedSql = render(query.statement)
fun render(statement: ReturningCapable): RenderedSql = render(statement.statement)
fun p(value: Any?, type: PgType<*>): BoundParameter = BoundParameter(value, type)

@Serializable
data class UserView(val id: Int, val name: String, val age: Int? = null, val orders: Long)

/** A connection of our engine to the shared test server that ran [setup] (one simple-protocol script each). */
suspend fun engineConnection(vararg setup: String): io.databridge.pg.PgConnection {
    val conn = io.databridge.pg.PgConnection.connect(io.databridge.embedded.SharedPostgres.server.url())
    try {
        for (script in setup) conn.simpleQuery(script)
    } catch (e: Throwable) {
        conn.close()
        throw e
    }
    return conn
}
