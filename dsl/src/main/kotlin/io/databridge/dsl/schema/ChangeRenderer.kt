package io.databridge.dsl.schema

import io.databridge.dsl.schema.SchemaChange.AddColumn
import io.databridge.dsl.schema.SchemaChange.AddConstraint
import io.databridge.dsl.schema.SchemaChange.AddEnumValue
import io.databridge.dsl.schema.SchemaChange.AlterColumnType
import io.databridge.dsl.schema.SchemaChange.CompositeDiffers
import io.databridge.dsl.schema.SchemaChange.CreateComposite
import io.databridge.dsl.schema.SchemaChange.CreateEnum
import io.databridge.dsl.schema.SchemaChange.CreateIndex
import io.databridge.dsl.schema.SchemaChange.CreateTable
import io.databridge.dsl.schema.SchemaChange.DropColumn
import io.databridge.dsl.schema.SchemaChange.DropConstraint
import io.databridge.dsl.schema.SchemaChange.DropEnumValue
import io.databridge.dsl.schema.SchemaChange.DropIndex
import io.databridge.dsl.schema.SchemaChange.DropNotNull
import io.databridge.dsl.schema.SchemaChange.DropTable
import io.databridge.dsl.schema.SchemaChange.RecreateGeneratedColumn
import io.databridge.dsl.schema.SchemaChange.SetComment
import io.databridge.dsl.schema.SchemaChange.SetDefault
import io.databridge.dsl.schema.SchemaChange.SetIdentity
import io.databridge.dsl.schema.SchemaChange.SetNotNull
import io.databridge.dsl.schema.SchemaChange.ValidateConstraint

/**
 * The statements of each [SchemaChange]; empty for a change PostgreSQL cannot carry out ([DropEnumValue]) or that is
 * left to a person ([CompositeDiffers]).
 */
internal object ChangeRenderer {
    fun statements(change: SchemaChange): List<String> = when (change) {
        is CreateEnum -> listOf(DdlRenderer.createEnum(change.enum, ifNotExists = false))
        is AddEnumValue -> listOf(DdlRenderer.addEnumValue(change.enum, change.label, change.after, change.before))
        is DropEnumValue -> emptyList()
        is CreateComposite -> listOf(DdlRenderer.createComposite(change.composite, ifNotExists = false))
        is CompositeDiffers -> emptyList()
        is CreateTable -> listOf(DdlRenderer.createTable(change.table, emptyList(), ifNotExists = false)) +
            change.table.indexes.map { DdlRenderer.createIndex(change.table.ref, it, concurrently = false, ifNotExists = false) } +
            DdlRenderer.comments(change.table)
        is DropTable -> listOf("DROP TABLE ${DdlRenderer.name(change.table)}")
        is AddColumn -> listOf("${alter(change.table)} ADD COLUMN ${DdlRenderer.column(change.column)}")
        is DropColumn -> listOf("${alter(change.table)} DROP COLUMN ${quoteIdentifier(change.column)}")
        is AlterColumnType -> listOf(
            "${alterColumn(change.table, change.column)} TYPE ${change.to}" + (change.using?.let { " USING $it" } ?: ""),
        )
        is SetNotNull -> listOf("${alterColumn(change.table, change.column)} SET NOT NULL")
        is DropNotNull -> listOf("${alterColumn(change.table, change.column)} DROP NOT NULL")
        is SetDefault -> listOf(alterColumn(change.table, change.column) + (change.default?.let { " SET DEFAULT $it" } ?: " DROP DEFAULT"))
        is SetIdentity -> listOf(identity(change))
        is RecreateGeneratedColumn -> listOf(
            "${alter(change.table)} DROP COLUMN ${quoteIdentifier(change.column.name)}",
            "${alter(change.table)} ADD COLUMN ${DdlRenderer.column(change.column)}",
        )
        is AddConstraint -> listOf(DdlRenderer.addConstraint(change.table, change.constraint, change.notValid))
        is ValidateConstraint -> listOf("${alter(change.table)} VALIDATE CONSTRAINT ${quoteIdentifier(change.name)}")
        is DropConstraint -> listOf("${alter(change.table)} DROP CONSTRAINT ${quoteIdentifier(change.name)}")
        is CreateIndex -> listOf(DdlRenderer.createIndex(change.table, change.index, change.concurrently, ifNotExists = false))
        is DropIndex -> listOf("DROP INDEX ${qualifiedName(change.table.schema, change.name)}")
        is SetComment -> listOf(
            if (change.column == null) DdlRenderer.tableComment(change.table, change.comment)
            else DdlRenderer.columnComment(change.table, change.column, change.comment),
        )
    }

    /** Whether the change's statements may run inside a transaction block. */
    fun transactional(change: SchemaChange): Boolean = !(change is CreateIndex && change.concurrently)

    private fun identity(change: SetIdentity): String {
        val column = alterColumn(change.table, change.column)
        return when {
            change.to == null -> "$column DROP IDENTITY"
            change.from == null -> "$column ADD GENERATED ${change.to.sql} AS IDENTITY"
            else -> "$column SET GENERATED ${change.to.sql}"
        }
    }

    private fun alter(table: TableRef): String = "ALTER TABLE ${DdlRenderer.name(table)}"

    private fun alterColumn(table: TableRef, column: String): String = "${alter(table)} ALTER COLUMN ${quoteIdentifier(column)}"
}
