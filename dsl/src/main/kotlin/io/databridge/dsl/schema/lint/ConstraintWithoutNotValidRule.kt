package io.databridge.dsl.schema.lint

import io.databridge.dsl.schema.CheckDef
import io.databridge.dsl.schema.Finding
import io.databridge.dsl.schema.ForeignKeyDef
import io.databridge.dsl.schema.Safety
import io.databridge.dsl.schema.SchemaChange

/**
 * A foreign key (id `foreign-key-without-not-valid`) or check (id `check-without-not-valid`) added to an existing
 * table without `NOT VALID` checks every row while holding a lock that blocks writes.
 */
public class ConstraintWithoutNotValidRule private constructor(override val id: String, private val foreignKeys: Boolean) : LintRule {
    override fun check(change: SchemaChange, context: LintContext): Finding? {
        val c = change as? SchemaChange.AddConstraint ?: return null
        val matches = if (foreignKeys) c.constraint is ForeignKeyDef else c.constraint is CheckDef
        if (!matches || c.notValid || c.newTable) return null
        return Finding(id, Safety.LOCKING, "constraint ${c.constraint.name} on ${c.table} checks every row while blocking writes",
            "add it NOT VALID, then VALIDATE CONSTRAINT in a separate step")
    }

    /** The two rules. */
    public companion object {
        /** Foreign keys added without NOT VALID. */
        @JvmField
        public val FOREIGN_KEY: ConstraintWithoutNotValidRule = ConstraintWithoutNotValidRule("foreign-key-without-not-valid", true)

        /** Checks added without NOT VALID. */
        @JvmField
        public val CHECK: ConstraintWithoutNotValidRule = ConstraintWithoutNotValidRule("check-without-not-valid", false)
    }
}
