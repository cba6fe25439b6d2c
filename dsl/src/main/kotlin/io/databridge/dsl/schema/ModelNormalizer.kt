package io.databridge.dsl.schema

import io.databridge.pg.PgSession
import java.util.UUID

/**
 * Lets the server normalize a desired model: PostgreSQL rewrites expressions (defaults, checks, index
 * predicates) and type names its own way, so comparing our text with the catalog's would never converge.
 * The model is created in scratch schemas inside a transaction that is rolled back, read back with the same
 * [CatalogReader] as the live tables, and mapped back to the real schema names. Foreign keys and comments need
 * no normalizing and are kept as declared (so referenced tables outside the model need not exist in scratch).
 */
internal object ModelNormalizer {
    suspend fun normalize(session: PgSession, desired: SchemaModel): SchemaModel = session.rolledBack { tx ->
        val token = "databridge_scratch_" + UUID.randomUUID().toString().replace("-", "").take(12)
        val explicit = (desired.tables.mapNotNull { it.schema } + desired.enums.mapNotNull { it.schema }).distinct()
        val scratchOf = explicit.withIndex().associate { (i, s) -> s to "${token}_${i + 1}" }
        val current = "${token}_0"
        (scratchOf.values + current).forEach { tx.execute("CREATE SCHEMA ${quoteIdentifier(it)}") }
        val path = tx.query("SELECT current_setting('search_path')").rows.single().getString(0)
        tx.query("SELECT set_config('search_path', $1, true)", quoteIdentifier(current) + ", " + path)
        val scratch = SchemaModel(
            desired.enums.map { it.copy(schema = it.schema?.let(scratchOf::getValue)) },
            desired.tables.map { it.copy(schema = it.schema?.let(scratchOf::getValue), foreignKeys = emptyList(), comment = null,
                columns = it.columns.map { c -> c.copy(comment = null) }) },
            desired.composites,
        )
        CreatePlan.statements(scratch, ifNotExists = false).forEach { tx.execute(it) }
        val read = CatalogReader(tx).read(scratch)
        val original = scratchOf.entries.associate { (s, scratchName) -> scratchName to s }
        fun unmap(schema: String?): String? = schema?.let { original[it] ?: it }
        fun text(sql: String?): String? = sql?.let { original.entries.fold(it) { acc, (scratchName, s) -> acc.replace("$scratchName.", identifierAsWritten(s) + ".") } }
        SchemaModel(
            read.enums.map { it.copy(schema = unmap(it.schema)) },
            read.tables.map { t ->
                val declared = desired.table(unmap(t.schema), t.name) ?: throw SchemaException("table ${t.name} went missing while normalizing")
                t.copy(
                    schema = unmap(t.schema),
                    columns = t.columns.map { c ->
                        c.copy(type = text(c.type)!!, default = text(c.default), generated = text(c.generated), comment = declared.column(c.name)?.comment)
                    },
                    checks = t.checks.map { it.copy(expression = text(it.expression)!!) },
                    indexes = t.indexes.map { i ->
                        i.copy(where = text(i.where), keys = i.keys.map { k -> if (k is IndexKey.ExpressionKey) IndexKey.ExpressionKey(text(k.expression)!!) else k })
                    },
                    foreignKeys = declared.foreignKeys,
                    comment = declared.comment,
                )
            },
            read.composites.map { c -> c.copy(attributes = c.attributes.map { a -> a.copy(type = text(a.type)!!) }) },
        )
    }
}
