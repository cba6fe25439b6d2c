package io.databridge.examples.ktor

import io.databridge.embedded.kotest.PostgresDatabaseExtension
import io.kotest.core.extensions.install
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.ktor.client.HttpClient
import io.ktor.client.engine.cio.CIO
import io.ktor.client.plugins.sse.SSE
import io.ktor.client.plugins.sse.sse
import io.ktor.client.request.get
import io.ktor.client.request.post
import io.ktor.client.request.setBody
import io.ktor.client.statement.bodyAsText
import io.ktor.http.HttpStatusCode
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.flow.filter
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.flow.onEach
import kotlinx.coroutines.withContext
import kotlinx.coroutines.withTimeout
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.jsonArray
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive

class TodoServiceSpec : FunSpec({
    val db = install(PostgresDatabaseExtension("todo-service"))

    test("the service creates, answers and streams a todo's notification") {
        val server = startTodoServer(db.url)
        try {
            val base = "http://127.0.0.1:${server.port()}"
            HttpClient(CIO) { install(SSE) }.use { client ->
                var created: io.ktor.client.statement.HttpResponse? = null
                val event = withTimeout(20_000) {
                    var data = ""
                    client.sse("$base/todos/events") {
                        data = incoming
                            .onEach { if (it.event == "listening") created = client.post("$base/todos") { setBody("buy milk") } }
                            .filter { it.event == TODO_CHANNEL }
                            .first().data.orEmpty()
                    }
                    data
                }
                val response = created!!
                response.status shouldBe HttpStatusCode.Created
                val id = Json.parseToJsonElement(response.bodyAsText()).jsonObject["id"]!!.jsonPrimitive.content
                Json.parseToJsonElement(event).jsonObject.let {
                    it["id"]!!.jsonPrimitive.content shouldBe id
                    it["title"]!!.jsonPrimitive.content shouldBe "buy milk"
                }
                client.get("$base/todos/$id").bodyAsText() shouldContain "\"title\":\"buy milk\""
                val listed = Json.parseToJsonElement(client.get("$base/todos").bodyAsText()).jsonArray
                listed.map { it.jsonObject["id"]!!.jsonPrimitive.content }.contains(id) shouldBe true
                client.get("$base/todos/999999").status shouldBe HttpStatusCode.NotFound
                client.get("$base/health").status shouldBe HttpStatusCode.OK
            }
        } finally {
            withContext(Dispatchers.IO) { server.stop(0, 5_000) }
        }
    }
})
