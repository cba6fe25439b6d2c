package io.databridge.dsl.schema

import io.databridge.dsl.render.SqlLiterals

/** Writes DDL statements for the schema model; every name is quoted and every text is an escaped literal. */
internal object DdlRenderer {
    fun createEnum(enum: EnumDef, ifNotExists: Boolean): String {
        val sql = "CREATE TYPE ${qualifiedName(enum.schema, enum.name)} AS ENUM (${enum.labels.joinToString(", ") { SqlLiterals.quoted(it) }})"
        return if (ifNotExists) ignoringDuplicate(sql) else sql
    }

    fun addEnumValue(enum: EnumDef, label: String, after: String?, before: String?): String =
        "ALTER TYPE ${qualifiedName(enum.schema, enum.name)} ADD VALUE ${SqlLiterals.quoted(label)}" +
            (after?.let { " AFTER ${SqlLiterals.quoted(it)}" } ?: before?.let { " BEFORE ${SqlLiterals.quoted(it)}" } ?: "")

    fun dropEnums(enums: List<EnumDef>, ifExists: Boolean, cascade: Boolean): String =
        "DROP TYPE ${if (ifExists) "IF EXISTS " else ""}${enums.joinToString(", ") { qualifiedName(it.schema, it.name) }}${if (cascade) " CASCADE" else ""}"

    fun createComposite(composite: CompositeDef, ifNotExists: Boolean): String {
        val attributes = composite.attributes.joinToString(", ") { "${quoteIdentifier(it.name)} ${it.type}" }
        val sql = "CREATE TYPE ${qualifiedName(composite.schema, composite.name)} AS ($attributes)"
        return if (ifNotExists) ignoringDuplicate(sql) else sql
    }

    fun dropComposites(composites: List<CompositeDef>, ifExists: Boolean, cascade: Boolean): String =
        "DROP TYPE ${if (ifExists) "IF EXISTS " else ""}" +
            composites.reversed().joinToString(", ") { qualifiedName(it.schema, it.name) } + if (cascade) " CASCADE" else ""

    fun createTable(table: TableDef, inlineForeignKeys: List<ForeignKeyDef>, ifNotExists: Boolean): String {
        val parts = table.columns.map(::column) +
            (listOfNotNull(table.primaryKey) + table.uniques + table.checks + inlineForeignKeys).map(::constraint)
        return "CREATE TABLE ${if (ifNotExists) "IF NOT EXISTS " else ""}${name(table)} (\n    ${parts.joinToString(",\n    ")}\n)"
    }

    fun dropTables(tables: List<TableDef>, ifExists: Boolean, cascade: Boolean): String =
        "DROP TABLE ${if (ifExists) "IF EXISTS " else ""}${tables.joinToString(", ", transform = ::name)}${if (cascade) " CASCADE" else ""}"

    fun column(column: ColumnDef): String = buildString {
        append(quoteIdentifier(column.name)).append(' ').append(column.type)
        column.generated?.let { append(" GENERATED ALWAYS AS (").append(it).append(") STORED") }
        column.identity?.let { append(" GENERATED ").append(it.sql).append(" AS IDENTITY") }
        column.default?.let { append(" DEFAULT ").append(it) }
        if (column.notNull) append(" NOT NULL")
    }

    fun constraint(constraint: ConstraintDef): String = "CONSTRAINT ${quoteIdentifier(constraint.name)} " + when (constraint) {
        is PrimaryKeyDef -> "PRIMARY KEY (${names(constraint.columns)})"
        is UniqueDef -> "UNIQUE (${names(constraint.columns)})"
        is CheckDef -> "CHECK (${constraint.expression})"
        is ForeignKeyDef -> buildString {
            append("FOREIGN KEY (").append(names(constraint.columns)).append(") REFERENCES ")
            append(qualifiedName(constraint.targetSchema, constraint.targetTable)).append(" (").append(names(constraint.targetColumns)).append(')')
            if (constraint.onDelete != ReferenceAction.NO_ACTION) append(" ON DELETE ").append(constraint.onDelete.sql)
            if (constraint.onUpdate != ReferenceAction.NO_ACTION) append(" ON UPDATE ").append(constraint.onUpdate.sql)
            when (constraint.deferrability) {
                Deferrability.NOT_DEFERRABLE -> Unit
                Deferrability.DEFERRABLE_INITIALLY_IMMEDIATE -> append(" DEFERRABLE INITIALLY IMMEDIATE")
                Deferrability.DEFERRABLE_INITIALLY_DEFERRED -> append(" DEFERRABLE INITIALLY DEFERRED")
            }
        }
    }

    fun addConstraint(table: TableRef, constraint: ConstraintDef, notValid: Boolean, ifNotExists: Boolean = false): String {
        val sql = "ALTER TABLE ${name(table)} ADD ${constraint(constraint)}${if (notValid) " NOT VALID" else ""}"
        return if (ifNotExists) ignoringDuplicate(sql) else sql
    }

    fun createIndex(table: TableRef, index: IndexDef, concurrently: Boolean, ifNotExists: Boolean): String = buildString {
        append(if (index.unique) "CREATE UNIQUE INDEX " else "CREATE INDEX ")
        if (concurrently) append("CONCURRENTLY ")
        if (ifNotExists) append("IF NOT EXISTS ")
        append(quoteIdentifier(index.name)).append(" ON ").append(name(table))
        if (index.method != IndexMethod.BTREE) append(" USING ").append(index.method.sql)
        append(" (")
        index.keys.forEachIndexed { i, key ->
            if (i > 0) append(", ")
            when (key) {
                is IndexKey.ColumnKey -> append(quoteIdentifier(key.name))
                is IndexKey.ExpressionKey -> append('(').append(key.expression).append(')')
            }
        }
        append(')')
        if (index.include.isNotEmpty()) append(" INCLUDE (").append(names(index.include)).append(')')
        index.where?.let { append(" WHERE ").append(it) }
    }

    fun tableComment(table: TableRef, comment: String?): String = "COMMENT ON TABLE ${name(table)} IS ${text(comment)}"

    fun columnComment(table: TableRef, column: String, comment: String?): String =
        "COMMENT ON COLUMN ${name(table)}.${quoteIdentifier(column)} IS ${text(comment)}"

    fun comments(table: TableDef): List<String> =
        listOfNotNull(table.comment?.let { tableComment(table.ref, it) }) +
            table.columns.mapNotNull { c -> c.comment?.let { columnComment(table.ref, c.name, it) } }

    fun name(table: TableDef): String = qualifiedName(table.schema, table.name)

    fun name(table: TableRef): String = qualifiedName(table.schema, table.name)

    fun names(columns: List<String>): String = columns.joinToString(", ", transform = ::quoteIdentifier)

    private fun text(comment: String?): String = comment?.let(SqlLiterals::quoted) ?: "NULL"

    /** [sql] in a DO block that ignores `duplicate_object`, for statements that have no `IF NOT EXISTS`. */
    private fun ignoringDuplicate(sql: String): String {
        var tag = "\$ddl\$"
        var n = 0
        while (sql.contains(tag)) tag = "\$ddl${++n}\$"
        return "DO $tag BEGIN $sql; EXCEPTION WHEN duplicate_object THEN NULL; END $tag"
    }
}
