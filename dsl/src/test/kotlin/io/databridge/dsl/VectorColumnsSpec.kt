package io.databridge.dsl

import io.databridge.dsl.exec.EngineValues
import io.databridge.dsl.exec.asSqlExecutor
import io.databridge.dsl.exec.execute
import io.databridge.dsl.exec.list
import io.databridge.dsl.exec.single
import io.databridge.dsl.render.BoundParameter
import io.databridge.dsl.render.SqlRenderer
import io.databridge.dsl.schema.createStatements
import io.databridge.dsl.types.PgTypes
import io.databridge.pg.errors.PgServerException
import io.databridge.pg.protocol.ByteWriter
import io.databridge.pg.types.CodecContext
import io.databridge.pg.types.PgTypeIdentity
import io.databridge.pg.types.PgVector
import io.databridge.pg.types.TypeRegistry
import io.databridge.pg.types.VectorCodec
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import kotlinx.coroutines.runBlocking

object Items : Table("items", "dsl_vector") {
    val id = int4("id").primaryKey()
    val embedding = vector("embedding", 3)
    val spare = vector("spare", 3).nullable()
}

/** Whether `CREATE EXTENSION vector` works on the test server (pgvector is not packaged on every machine). */
private val pgvectorInstallable: Boolean by lazy {
    runBlocking {
        engineConnection().use { conn ->
            try {
                conn.simpleQuery("CREATE EXTENSION IF NOT EXISTS vector")
                true
            } catch (e: PgServerException) {
                false
            }
        }
    }
}

private val context = object : CodecContext {
    override val registry: TypeRegistry = TypeRegistry()
    override fun serverParameter(name: String): String? = null
}

class VectorColumnsSpec : FunSpec({
    val query = floatArrayOf(1f, 0f, 0f)

    test("the three distance operators render as typed float8 expressions usable in ORDER BY, the vector bound") {
        for ((distance, operator) in listOf(
            Items.embedding.l2Distance(query) to "<->",
            Items.embedding.cosineDistance(query) to "<=>",
            Items.embedding.negativeInnerProduct(query) to "<#>",
        )) {
            distance.pgType shouldBe PgTypes.float8
            val rendered = SqlRenderer.shared.render(select(Items.id).from(Items).orderBy(distance.asc()).limit(2).statement)
            rendered.sql shouldContain "ORDER BY (\"items\".\"embedding\" $operator \$1::vector)"
            rendered.parameters.first().value shouldBe query
        }
        SqlRenderer.shared.render(select(Items.embedding.l2Distance(Items.spare)).from(Items).statement).sql shouldContain
            "(\"items\".\"embedding\" <-> \"items\".\"spare\")"
    }

    test("vector values convert to and from the engine's PgVector and through its codec in both formats") {
        val engine = EngineValues.toEngine(BoundParameter(floatArrayOf(0.5f, -2f, 3.25f), Items.embedding.pgType)) as PgVector
        val codec = VectorCodec(PgTypeIdentity("vector", 90_200))
        for (binary in listOf(true, false)) {
            val out = ByteWriter(32)
            if (binary) codec.encodeBinary(engine, out, context) else codec.encodeText(engine, out, context)
            val bytes = out.toByteArray()
            val decoded = if (binary) codec.decodeBinary(bytes, 0, bytes.size, context) else codec.decodeText(bytes, 0, bytes.size, context)
            (EngineValues.fromEngine(decoded, Items.embedding.pgType, 0) as FloatArray).toList() shouldBe listOf(0.5f, -2f, 3.25f)
        }
    }

    test("a vector of the wrong length, a non-finite component and an impossible dimension count are refused before sending") {
        shouldThrow<InvalidParameterException> { Items.embedding.l2Distance(floatArrayOf(1f, 2f)) }.message shouldContain "needs 3 components"
        shouldThrow<InvalidParameterException> { Items.insert { it[Items.id] = 1; it[Items.embedding] = floatArrayOf(1f, Float.NaN, 0f) } }
            .message shouldContain "component 1"
        shouldThrow<InvalidQueryException> { PgTypes.vector(0) }
    }

    test("DDL writes vector(n) columns") {
        createStatements(Items).single { it.startsWith("CREATE TABLE") } shouldContain "\"embedding\" vector(3) NOT NULL"
    }

    test("nearest neighbours on a real server (skipped where CREATE EXTENSION vector fails: pgvector not installed)")
        .config(enabledIf = { pgvectorInstallable }) {
            engineConnection("DROP SCHEMA IF EXISTS dsl_vector CASCADE; CREATE SCHEMA dsl_vector").use { conn ->
                conn.simpleQuery(createStatements(Items).joinToString(";"))
                val db = conn.asSqlExecutor()
                db.execute(Items.insertAll(listOf(floatArrayOf(1f, 0f, 0f), floatArrayOf(0f, 1f, 0f), floatArrayOf(0.9f, 0.1f, 0f)).withIndex()) { row, (i, v) ->
                    row[Items.id] = i; row[Items.embedding] = v
                })
                db.list(select(Items.id).from(Items).orderBy(Items.embedding.l2Distance(query).asc())) shouldBe listOf(0, 2, 1)
                db.list(select(Items.id).from(Items).orderBy(Items.embedding.cosineDistance(query).asc()).limit(1)) shouldBe listOf(0)
                db.list(select(Items.id).from(Items).orderBy(Items.embedding.negativeInnerProduct(query).asc())) shouldBe listOf(0, 2, 1)
                db.single(select(Items.embedding).from(Items).where(Items.id eq 2)).toList() shouldBe listOf(0.9f, 0.1f, 0f)
                conn.simpleQuery("DROP SCHEMA dsl_vector CASCADE")
            }
        }
})
