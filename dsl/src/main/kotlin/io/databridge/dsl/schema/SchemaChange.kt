package io.databridge.dsl.schema

/** A table as changes name it: [schema] (null: the current schema) and [name]. */
public data class TableRef(val schema: String?, val name: String) {
    override fun toString(): String = schema?.let { "$it.$name" } ?: name
}

/** The reference to this table. */
public val TableDef.ref: TableRef get() = TableRef(schema, name)

/** One step that moves a database toward the table objects; plain data, rendered by [SchemaDiff]. */
public sealed interface SchemaChange {
    /** What the step does, for people. */
    public val description: String

    /** `CREATE TYPE … AS ENUM`. */
    public data class CreateEnum(val enum: EnumDef) : SchemaChange {
        override val description: String get() = "create enum type ${enum.name} ${enum.labels}"
    }

    /** `ALTER TYPE … ADD VALUE label` placed [after] or [before] an existing label. */
    public data class AddEnumValue(val enum: EnumDef, val label: String, val after: String?, val before: String?) : SchemaChange {
        override val description: String get() = "add value '$label' to enum type ${enum.name}"
    }

    /** A label the database has and the objects do not; PostgreSQL cannot drop one, so this is only reported. */
    public data class DropEnumValue(val enum: EnumDef, val label: String) : SchemaChange {
        override val description: String get() = "enum type ${enum.name} has value '$label' that no table object declares"
    }

    /** `CREATE TYPE … AS (attributes)`. */
    public data class CreateComposite(val composite: CompositeDef) : SchemaChange {
        override val description: String get() = "create composite type ${composite.name} (${attributes(composite)})"
    }

    /**
     * A composite type whose attributes differ from the declared ones; only reported, since attributes of a type in
     * use are changed by hand (`ALTER TYPE … ADD/DROP/ALTER ATTRIBUTE`, which may touch every table using it).
     */
    public data class CompositeDiffers(val desired: CompositeDef, val actual: CompositeDef) : SchemaChange {
        override val description: String
            get() = "composite type ${actual.name} has (${attributes(actual)}), the table objects declare (${attributes(desired)})"
    }

    /** `CREATE TABLE` with its keys, checks, indexes and comments (its foreign keys follow as [AddConstraint]). */
    public data class CreateTable(val table: TableDef) : SchemaChange {
        override val description: String get() = "create table ${table.displayName}"
    }

    /** `DROP TABLE`. */
    public data class DropTable(val table: TableRef) : SchemaChange {
        override val description: String get() = "drop table $table"
    }

    /** `ALTER TABLE … ADD COLUMN`. */
    public data class AddColumn(val table: TableRef, val column: ColumnDef) : SchemaChange {
        override val description: String get() = "add column $table.${column.name} ${column.type}"
    }

    /** `ALTER TABLE … DROP COLUMN`. */
    public data class DropColumn(val table: TableRef, val column: String) : SchemaChange {
        override val description: String get() = "drop column $table.$column"
    }

    /** `ALTER COLUMN … TYPE to`, converting with [using] when PostgreSQL has no assignment cast. */
    public data class AlterColumnType(val table: TableRef, val column: String, val from: String, val to: String, val using: String?) :
        SchemaChange {
        override val description: String get() = "change type of $table.$column from $from to $to"
    }

    /**
     * `ALTER COLUMN … SET NOT NULL`; [provenBy] names a validated `CHECK (column IS NOT NULL)` added earlier in the
     * same plan, which lets PostgreSQL skip the scan.
     */
    public data class SetNotNull(val table: TableRef, val column: String, val provenBy: String? = null) : SchemaChange {
        override val description: String get() = "make $table.$column NOT NULL"
    }

    /** `ALTER COLUMN … DROP NOT NULL`. */
    public data class DropNotNull(val table: TableRef, val column: String) : SchemaChange {
        override val description: String get() = "allow NULL in $table.$column"
    }

    /** `ALTER COLUMN … SET DEFAULT`, or `DROP DEFAULT` when [default] is null. */
    public data class SetDefault(val table: TableRef, val column: String, val default: String?) : SchemaChange {
        override val description: String get() = default?.let { "set default of $table.$column to $it" } ?: "drop default of $table.$column"
    }

    /** Makes a column an identity column, changes how it generates, or (with null) makes it a plain column. */
    public data class SetIdentity(val table: TableRef, val column: String, val from: IdentityGeneration?, val to: IdentityGeneration?) :
        SchemaChange {
        override val description: String get() = "change identity of $table.$column from ${from ?: "none"} to ${to ?: "none"}"
    }

    /** A generated column whose expression changed: dropped and added again (its values are recomputed). */
    public data class RecreateGeneratedColumn(val table: TableRef, val column: ColumnDef) : SchemaChange {
        override val description: String get() = "recompute generated column $table.${column.name} as ${column.generated}"
    }

    /** `ALTER TABLE … ADD CONSTRAINT`, `NOT VALID` when [notValid]. */
    public data class AddConstraint(val table: TableRef, val constraint: ConstraintDef, val notValid: Boolean, val newTable: Boolean) :
        SchemaChange {
        override val description: String get() = "add constraint ${constraint.name} on $table${if (notValid) " (NOT VALID)" else ""}"
    }

    /** `ALTER TABLE … VALIDATE CONSTRAINT`. */
    public data class ValidateConstraint(val table: TableRef, val name: String) : SchemaChange {
        override val description: String get() = "validate constraint $name on $table"
    }

    /** `ALTER TABLE … DROP CONSTRAINT`. */
    public data class DropConstraint(val table: TableRef, val name: String) : SchemaChange {
        override val description: String get() = "drop constraint $name on $table"
    }

    /** `CREATE INDEX`, `CONCURRENTLY` when [concurrently] (outside any transaction). */
    public data class CreateIndex(val table: TableRef, val index: IndexDef, val concurrently: Boolean, val newTable: Boolean) : SchemaChange {
        override val description: String get() = "create index ${index.name} on $table${if (concurrently) " concurrently" else ""}"
    }

    /** `DROP INDEX`. */
    public data class DropIndex(val table: TableRef, val name: String) : SchemaChange {
        override val description: String get() = "drop index $name on $table"
    }

    /** `COMMENT ON TABLE`, or on [column] when it is set; null [comment] removes it. */
    public data class SetComment(val table: TableRef, val column: String?, val comment: String?) : SchemaChange {
        override val description: String get() = "set comment of $table${column?.let { ".$it" } ?: ""}"
    }
}

private fun attributes(composite: CompositeDef): String = composite.attributes.joinToString(", ") { "${it.name} ${it.type}" }
