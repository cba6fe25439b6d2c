package io.databridge.examples.ktor

import io.databridge.dsl.Table
import io.databridge.pg.PgSession
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.buildJsonObject
import kotlinx.serialization.json.put

/** The example service's table. */
object Todos : Table("todo") {
    val id = int8("id")
    val title = text("title")
    val done = bool("done")
}

/** Channel on which the database announces each new todo (see [createTodoSchema]). */
const val TODO_CHANNEL = "todos"

/**
 * Creates the todo table and a trigger that NOTIFYs [TODO_CHANNEL] with each new row as JSON: the notification is
 * sent when the inserting transaction commits, and never for one that rolls back.
 */
suspend fun createTodoSchema(db: PgSession) {
    db.execute("CREATE TABLE IF NOT EXISTS todo (id bigserial PRIMARY KEY, title text NOT NULL, done boolean NOT NULL DEFAULT false)")
    db.execute(
        """
        CREATE OR REPLACE FUNCTION todo_announce() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          PERFORM pg_notify('$TODO_CHANNEL', json_build_object('id', NEW.id, 'title', NEW.title, 'done', NEW.done)::text);
          RETURN NEW;
        END $$
        """.trimIndent(),
    )
    db.execute("CREATE OR REPLACE TRIGGER todo_created AFTER INSERT ON todo FOR EACH ROW EXECUTE FUNCTION todo_announce()")
}

/** A todo as the service answers it. */
fun todoJson(id: Long, title: String, done: Boolean): JsonObject = buildJsonObject {
    put("id", id)
    put("title", title)
    put("done", done)
}
