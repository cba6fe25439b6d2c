package io.databridge.dsl.schema

import io.databridge.pg.PgSession
import io.databridge.pg.Row
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonNull
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.jsonArray
import kotlinx.serialization.json.jsonPrimitive

/**
 * Reads tables and enum types from pg_catalog over any [session] into the schema model. Types come as
 * `format_type` writes them and expressions as `pg_get_expr` deparses them; a schema equal to the session's
 * current schema reads as null, like a table object without a schema.
 */
public class CatalogReader(private val session: PgSession) {
    /** The table [name] in [schema] (null: the current schema), or null when there is none. */
    public suspend fun readTable(schema: String?, name: String): TableDef? {
        val row = session.query(CatalogQueries.TABLE, schema, name).rows.firstOrNull() ?: return null
        val oid = row.getLong("oid")
        val tableSchema = if (row.getBoolean("is_current")) null else row.getString("schema")
        val columns = session.query(CatalogQueries.COLUMNS, oid).rows.map(::column)
        // Sorted here rather than by ORDER BY, so both models order names alike whatever the database's collation.
        val constraints = session.query(CatalogQueries.CONSTRAINTS, oid).rows.map(::constraint).sortedBy { it.name }
        val indexes = session.query(CatalogQueries.INDEXES, oid).rows.map(::index).sortedBy { it.name }
        return TableDef(
            schema = tableSchema,
            name = name,
            columns = columns,
            primaryKey = constraints.filterIsInstance<PrimaryKeyDef>().firstOrNull(),
            uniques = constraints.filterIsInstance<UniqueDef>(),
            foreignKeys = constraints.filterIsInstance<ForeignKeyDef>(),
            checks = constraints.filterIsInstance<CheckDef>(),
            indexes = indexes,
            comment = row.getStringOrNull("comment"),
        )
    }

    /** The enum type [name] in [schema] (null: the current schema), or null when there is none. */
    public suspend fun readEnum(schema: String?, name: String): EnumDef? {
        val row = session.query(CatalogQueries.ENUM, schema, name).rows.firstOrNull() ?: return null
        val labels = row.getStringOrNull("labels")?.let(::strings) ?: emptyList()
        return EnumDef(if (row.getBoolean("is_current")) null else row.getString("schema"), name, labels)
    }

    /** The composite type [name] in [schema] (null: the current schema), or null when there is none. */
    public suspend fun readComposite(schema: String?, name: String): CompositeDef? {
        val row = session.query(CatalogQueries.COMPOSITE, schema, name).rows.firstOrNull() ?: return null
        val attributes = Json.parseToJsonElement(row.getString("attributes")).jsonArray.map { entry ->
            val attribute = entry as JsonObject
            AttributeDef(attribute.getValue("name").jsonPrimitive.content, attribute.getValue("type").jsonPrimitive.content)
        }
        return CompositeDef(if (row.getBoolean("is_current")) null else row.getString("schema"), name, attributes)
    }

    /** What the catalog holds for each table, enum and composite type [model] names; missing ones are left out. */
    public suspend fun read(model: SchemaModel): SchemaModel = SchemaModel(
        model.enums.mapNotNull { readEnum(it.schema, it.name) },
        model.tables.mapNotNull { readTable(it.schema, it.name) },
        model.composites.mapNotNull { readComposite(it.schema, it.name) },
    )

    /** Every ordinary and partitioned table in [schema] (null: the current schema). */
    public suspend fun readTables(schema: String?): List<TableDef> = tableNames(schema).mapNotNull { readTable(schema, it) }

    /** The names of the ordinary and partitioned tables in [schema] (null: the current schema). */
    public suspend fun tableNames(schema: String?): List<String> =
        session.query(CatalogQueries.TABLES_IN_SCHEMA, schema).rows.map { it.getString("name") }

    private fun column(row: Row): ColumnDef = ColumnDef(
        name = row.getString("name"),
        type = row.getString("type"),
        notNull = row.getBoolean("not_null"),
        default = row.getStringOrNull("default_expr"),
        identity = row.getString("identity").firstOrNull()?.let { code -> IdentityGeneration.entries.first { it.code == code } },
        generated = row.getStringOrNull("generated_expr"),
        comment = row.getStringOrNull("comment"),
    )

    private fun constraint(row: Row): ConstraintDef {
        val name = row.getString("name")
        val columns = strings(row.getString("columns"))
        return when (val kind = row.getString("kind")) {
            "p" -> PrimaryKeyDef(name, columns)
            "u" -> UniqueDef(name, columns)
            "c" -> CheckDef(name, row.getString("check_expr"), row.getBoolean("validated"))
            "f" -> ForeignKeyDef(
                name = name,
                columns = columns,
                targetSchema = if (row.getBoolean("target_current")) null else row.getString("target_schema"),
                targetTable = row.getString("target_table"),
                targetColumns = strings(row.getString("target_columns")),
                onDelete = ReferenceAction.fromCode(row.getString("on_delete").single()),
                onUpdate = ReferenceAction.fromCode(row.getString("on_update").single()),
                deferrability = when {
                    !row.getBoolean("deferrable") -> Deferrability.NOT_DEFERRABLE
                    row.getBoolean("deferred") -> Deferrability.DEFERRABLE_INITIALLY_DEFERRED
                    else -> Deferrability.DEFERRABLE_INITIALLY_IMMEDIATE
                },
                validated = row.getBoolean("validated"),
            )
            else -> throw SchemaException("constraint $name has kind $kind, which the schema model does not describe")
        }
    }

    private fun index(row: Row): IndexDef {
        val all = Json.parseToJsonElement(row.getString("keys")).jsonArray.map { entry ->
            val key = entry as JsonObject
            val column = key["column"]?.takeUnless { it is JsonNull }?.jsonPrimitive?.content
            if (column != null) IndexKey.ColumnKey(column) else IndexKey.ExpressionKey(key.getValue("expression").jsonPrimitive.content)
        }
        val keyCount = row.getInt("key_count")
        return IndexDef(
            name = row.getString("name"),
            keys = all.take(keyCount),
            unique = row.getBoolean("is_unique"),
            method = IndexMethod.fromName(row.getString("method")),
            include = all.drop(keyCount).map { (it as IndexKey.ColumnKey).name },
            where = row.getStringOrNull("predicate"),
        )
    }

    private fun strings(json: String): List<String> = (Json.parseToJsonElement(json) as JsonArray).map { it.jsonPrimitive.content }
}
