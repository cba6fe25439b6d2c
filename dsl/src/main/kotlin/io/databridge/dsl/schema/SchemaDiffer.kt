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
 * Compares two models read the same way (desired: the table objects as the server normalizes them; actual: the
 * live catalog) and returns the ordered changes that turn actual into desired: enum and composite types, then drops of
 * constraints and indexes, new tables, column changes, new keys, checks and indexes, foreign keys last but for
 * dropped columns and tables. Renames are not guessed: a renamed column is a drop and an add.
 */
public object SchemaDiffer {
    /** The changes that make [actual] match [desired]; [undeclared] tables exist and are to be dropped. */
    @JvmStatic
    @JvmOverloads
    public fun diff(desired: SchemaModel, actual: SchemaModel, options: DiffOptions = DiffOptions(), undeclared: List<TableRef> = emptyList()): List<SchemaChange> {
        val plan = Phases()
        desired.enums.forEach { enumChanges(it, actual.enums.firstOrNull { a -> a.schema == it.schema && a.name == it.name }, plan) }
        for (composite in desired.composites) {
            val existing = actual.composites.firstOrNull { it.schema == composite.schema && it.name == composite.name }
            when {
                existing == null -> plan.enums += CreateComposite(composite)
                existing.attributes != composite.attributes -> plan.reports += CompositeDiffers(composite, existing)
            }
        }
        for (table in desired.tables) {
            val existing = actual.table(table.schema, table.name)
            if (existing == null) {
                plan.creates += CreateTable(table.copy(foreignKeys = emptyList()))
                table.foreignKeys.forEach { plan.foreignKeys += AddConstraint(table.ref, it, notValid = false, newTable = true) }
            } else {
                TableDiff(table, existing, options, plan).run()
            }
        }
        undeclared.forEach { plan.dropTables += DropTable(it) }
        return plan.ordered()
    }

    private fun enumChanges(desired: EnumDef, actual: EnumDef?, plan: Phases) {
        if (actual == null) {
            plan.enums += CreateEnum(desired)
            return
        }
        val present = actual.labels.toMutableList()
        desired.labels.forEachIndexed { i, label ->
            if (label !in present) {
                val after = desired.labels.take(i).lastOrNull { it in present }
                plan.enums += AddEnumValue(actual, label, after, if (after == null) present.firstOrNull() else null)
                present.add(if (after == null) 0 else present.indexOf(after) + 1, label)
            }
        }
        (actual.labels - desired.labels.toSet()).forEach { plan.reports += DropEnumValue(actual, it) }
    }

    /** The changes gathered per phase, in the order they must run. */
    internal class Phases {
        val enums = ArrayList<SchemaChange>()
        val drops = ArrayList<SchemaChange>()
        val creates = ArrayList<SchemaChange>()
        val columns = ArrayList<SchemaChange>()
        val adds = ArrayList<SchemaChange>()
        val foreignKeys = ArrayList<SchemaChange>()
        val dropColumns = ArrayList<SchemaChange>()
        val dropTables = ArrayList<SchemaChange>()
        val reports = ArrayList<SchemaChange>()

        fun ordered(): List<SchemaChange> = enums + drops + creates + columns + adds + foreignKeys + dropColumns + dropTables + reports
    }

    private class TableDiff(val desired: TableDef, val actual: TableDef, val options: DiffOptions, val plan: Phases) {
        val ref = desired.ref

        fun run() {
            constraints(listOfNotNull(desired.primaryKey), listOfNotNull(actual.primaryKey))
            constraints(desired.uniques, actual.uniques)
            constraints(desired.checks, actual.checks)
            constraints(desired.foreignKeys, actual.foreignKeys)
            indexes()
            desired.columns.forEach { column ->
                val existing = actual.column(column.name)
                if (existing == null) plan.columns += AddColumn(ref, column) else column(column, existing)
            }
            actual.columns.filter { desired.column(it.name) == null }.forEach { plan.dropColumns += DropColumn(ref, it.name) }
            if (desired.comment != actual.comment) plan.columns += SetComment(ref, null, desired.comment)
        }

        private fun constraints(wanted: List<ConstraintDef>, present: List<ConstraintDef>) {
            for (constraint in wanted) {
                val existing = present.firstOrNull { it.name == constraint.name }
                when {
                    existing == null -> add(constraint)
                    unvalidated(existing) != unvalidated(constraint) -> {
                        plan.drops += DropConstraint(ref, existing.name)
                        add(constraint)
                    }
                    !validated(existing) -> plan.foreignKeys += ValidateConstraint(ref, existing.name)
                }
            }
            present.filter { p -> wanted.none { it.name == p.name } }.forEach { plan.drops += DropConstraint(ref, it.name) }
        }

        private fun add(constraint: ConstraintDef) {
            val deferValidation = options.notValidConstraints && (constraint is ForeignKeyDef || constraint is CheckDef)
            val phase = if (constraint is ForeignKeyDef) plan.foreignKeys else plan.adds
            phase += AddConstraint(ref, constraint, notValid = deferValidation, newTable = false)
            if (deferValidation) plan.foreignKeys += ValidateConstraint(ref, constraint.name)
        }

        private fun indexes() {
            for (index in desired.indexes) {
                val existing = actual.indexes.firstOrNull { it.name == index.name }
                if (existing != index) {
                    if (existing != null) plan.drops += DropIndex(ref, existing.name)
                    plan.adds += CreateIndex(ref, index, concurrently = options.concurrentIndexes, newTable = false)
                }
            }
            actual.indexes.filter { a -> desired.indexes.none { it.name == a.name } }.forEach { plan.drops += DropIndex(ref, it.name) }
        }

        private fun column(wanted: ColumnDef, present: ColumnDef) {
            val name = wanted.name
            if (wanted.generated != present.generated) {
                plan.columns += RecreateGeneratedColumn(ref, wanted)
                return
            }
            if (wanted.type != present.type) plan.columns += AlterColumnType(ref, name, present.type, wanted.type, usingCast(name, present.type, wanted.type))
            // A column cannot hold a default and an identity at once: a default goes before an identity comes, and
            // an identity goes before a default comes.
            val defaultChange = if (wanted.default != present.default) SetDefault(ref, name, wanted.default) else null
            if (defaultChange?.default == null) defaultChange?.let { plan.columns += it }
            if (wanted.identity != present.identity) plan.columns += SetIdentity(ref, name, present.identity, wanted.identity)
            if (defaultChange?.default != null) plan.columns += defaultChange
            if (wanted.notNull && !present.notNull) setNotNull(name)
            if (!wanted.notNull && present.notNull) plan.columns += DropNotNull(ref, name)
            if (wanted.comment != present.comment) plan.columns += SetComment(ref, name, wanted.comment)
        }

        /**
         * With [DiffOptions.notValidConstraints], NOT NULL is proven first by a check added NOT VALID and validated
         * (which blocks no writes), so SET NOT NULL needs no scan; the check is dropped afterwards.
         */
        private fun setNotNull(column: String) {
            if (!options.notValidConstraints) {
                plan.columns += SetNotNull(ref, column)
                return
            }
            val taken = (actual.constraints.map { it.name } + actual.indexes.map { it.name }).toMutableSet()
            val check = CheckDef(chooseObjectName(ref.name, column, "not_null", taken), "${quoteIdentifier(column)} IS NOT NULL")
            plan.columns += AddConstraint(ref, check, notValid = true, newTable = false)
            plan.columns += ValidateConstraint(ref, check.name)
            plan.columns += SetNotNull(ref, column, provenBy = check.name)
            plan.columns += DropConstraint(ref, check.name)
        }

        private fun unvalidated(c: ConstraintDef): ConstraintDef = when (c) {
            is CheckDef -> c.copy(validated = true)
            is ForeignKeyDef -> c.copy(validated = true)
            else -> c
        }

        private fun validated(c: ConstraintDef): Boolean = when (c) {
            is CheckDef -> c.validated
            is ForeignKeyDef -> c.validated
            else -> true
        }
    }

    /** `"column"::to` when the base types differ outside the text family, where PostgreSQL has no assignment cast to rely on. */
    internal fun usingCast(column: String, from: String, to: String): String? {
        val textual = setOf("text", "character varying")
        val a = TypeShape.of(from).base
        val b = TypeShape.of(to).base
        return if (a == b || (a in textual && b in textual)) null else "${quoteIdentifier(column)}::$to"
    }
}
