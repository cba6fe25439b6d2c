package io.databridge.dsl.schema

/** A table constraint, known by its [name]. */
public sealed interface ConstraintDef {
    /** The constraint's name, unique within its table. */
    public val name: String
}

/** `PRIMARY KEY (columns)`. */
public data class PrimaryKeyDef(override val name: String, val columns: List<String>) : ConstraintDef

/** `UNIQUE (columns)`. */
public data class UniqueDef(override val name: String, val columns: List<String>) : ConstraintDef

/** `CHECK (expression)`; [validated] is false for a constraint added `NOT VALID` and not validated since. */
public data class CheckDef(override val name: String, val expression: String, val validated: Boolean = true) : ConstraintDef

/**
 * `FOREIGN KEY (columns) REFERENCES targetSchema.targetTable (targetColumns)` with its actions and deferrability;
 * [targetSchema] is null for the current schema, [validated] false for a key added `NOT VALID` and not validated since.
 */
public data class ForeignKeyDef(
    override val name: String,
    val columns: List<String>,
    val targetSchema: String?,
    val targetTable: String,
    val targetColumns: List<String>,
    val onDelete: ReferenceAction = ReferenceAction.NO_ACTION,
    val onUpdate: ReferenceAction = ReferenceAction.NO_ACTION,
    val deferrability: Deferrability = Deferrability.NOT_DEFERRABLE,
    val validated: Boolean = true,
) : ConstraintDef
