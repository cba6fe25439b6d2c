package io.databridge.dsl.future

import io.databridge.dsl.Column
import io.databridge.dsl.Expr
import io.databridge.dsl.InsertStatement
import io.databridge.dsl.ValuesBuilder
import java.util.function.Consumer

/** An INSERT built from Java; add an ON CONFLICT clause with [onConflict] or [onConstraint]. */
public class InsertBuilder internal constructor(override val statement: InsertStatement) : ModificationBuilder() {
    /** `ON CONFLICT (columns)` (no columns: any conflict, which allows only [ConflictAction.doNothing]). */
    public fun onConflict(vararg columns: Column<*>): ConflictAction = ConflictAction(statement, columns, null)

    /** `ON CONFLICT ON CONSTRAINT name`; [name] is a validated identifier. */
    public fun onConstraint(name: String): ConflictAction = ConflictAction(statement, emptyArray(), name)
}

/** What an INSERT does when it hits the conflict target [onConflict][InsertBuilder.onConflict] named. */
public class ConflictAction internal constructor(
    private val insert: InsertStatement,
    private val columns: Array<out Column<*>>,
    private val constraint: String?,
) {
    /** `DO NOTHING`: the conflicting row is skipped (and not counted). */
    public fun doNothing(): InsertBuilder = InsertBuilder(
        if (constraint == null) insert.onConflictDoNothing(*columns) else insert.onConstraintDoNothing(constraint),
    )

    /** `DO UPDATE SET …` as [set] assigns; read the proposed row with [Sql.excluded]. */
    public fun doUpdate(set: Consumer<ValuesBuilder>): InsertBuilder = update(null, set)

    /** `DO UPDATE SET … WHERE condition`: rows where [condition] fails are left as they are (and not counted). */
    public fun doUpdate(set: Consumer<ValuesBuilder>, condition: Expr<out Boolean?>): InsertBuilder = update(condition, set)

    private fun update(condition: Expr<out Boolean?>?, set: Consumer<ValuesBuilder>): InsertBuilder = InsertBuilder(
        if (constraint == null) {
            insert.onConflictDoUpdate(*columns, where = condition) { set.accept(it) }
        } else {
            insert.onConstraintDoUpdate(constraint, where = condition) { set.accept(it) }
        },
    )
}
