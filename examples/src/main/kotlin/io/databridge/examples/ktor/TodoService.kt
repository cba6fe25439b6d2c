package io.databridge.examples.ktor

import io.databridge.dsl.exec.list
import io.databridge.dsl.exec.single
import io.databridge.dsl.exec.singleOrNull
import io.databridge.dsl.asc
import io.databridge.dsl.eq
import io.databridge.dsl.insert
import io.databridge.dsl.returning
import io.databridge.dsl.select
import io.databridge.ktor.DataBridge
import io.databridge.ktor.dataBridge
import io.databridge.ktor.dataBridgeHealthCheck
import io.databridge.ktor.notificationEvents
import io.databridge.ktor.transaction
import io.ktor.http.ContentType
import io.ktor.http.HttpStatusCode
import io.ktor.server.application.Application
import io.ktor.server.application.install
import io.ktor.server.request.receiveText
import io.ktor.server.response.respondText
import io.ktor.server.routing.Route
import io.ktor.server.routing.get
import io.ktor.server.routing.post
import io.ktor.server.routing.routing
import kotlinx.serialization.json.JsonArray

/**
 * The example service: POST a title to `/todos` to create a todo (in a transaction; the database then announces it),
 * GET `/todos` and `/todos/{id}` to read them, stream `/todos/events` for each new one as it is committed.
 */
fun Application.todoService() {
    install(DataBridge) // the pool: databridge.url in application.conf, or DATABRIDGE_URL / DATABASE_URL
    routing {
        post("/todos") {
            val title = call.receiveText()
            val id = call.transaction { tx -> tx.single(Todos.insert { it[Todos.title] = title }.returning(Todos.id)) }
            call.respondText("""{"id":$id}""", ContentType.Application.Json, HttpStatusCode.Created)
        }
        todoReads()
    }
}

/** The read side: the list, one todo, the live stream of new ones, and the database's health. */
private fun Route.todoReads() {
    val todos = select(Todos.id, Todos.title, Todos.done).from(Todos)
    get("/todos") {
        val all = call.dataBridge.list(todos.orderBy(Todos.id.asc())).map { (id, title, done) -> todoJson(id, title, done) }
        call.respondText(JsonArray(all).toString(), ContentType.Application.Json)
    }
    get("/todos/{id}") {
        val id = call.parameters["id"]?.toLongOrNull()
            ?: return@get call.respondText("the id must be an integer", status = HttpStatusCode.BadRequest)
        val todo = call.dataBridge.singleOrNull(todos.where(Todos.id eq id))
            ?: return@get call.respondText("no todo $id", status = HttpStatusCode.NotFound)
        call.respondText(todoJson(todo.first, todo.second, todo.third).toString(), ContentType.Application.Json)
    }
    notificationEvents("/todos/events", TODO_CHANNEL)
    dataBridgeHealthCheck("/health")
}
