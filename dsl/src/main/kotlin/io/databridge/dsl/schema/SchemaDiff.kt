package io.databridge.dsl.schema

/**
 * One planned [change] with its [statements], what the lint rules found, its overall [safety] (the worst finding,
 * SAFE without any) and whether it may run in a transaction block ([transactional]).
 */
public data class PlannedChange(val change: SchemaChange, val statements: List<String>, val findings: List<Finding>, val transactional: Boolean) {
    /** The worst safety among the findings. */
    public val safety: Safety get() = findings.maxOfOrNull { it.safety } ?: Safety.SAFE
}

/**
 * The ordered changes that make a database match table objects. [applicable] are emitted; [withheld] are the
 * destructive ones kept back without `allowDestructive`, and changes PostgreSQL cannot make (they have no statements).
 */
public class SchemaDiff(public val changes: List<PlannedChange>, public val allowDestructive: Boolean) {
    /** The changes whose statements are emitted, in order. */
    public val applicable: List<PlannedChange> =
        changes.filter { it.statements.isNotEmpty() && (allowDestructive || it.safety != Safety.DESTRUCTIVE) }

    /** The changes reported but not emitted. */
    public val withheld: List<PlannedChange> = changes - applicable.toSet()

    /** The statements of [applicable], in order. */
    public val statements: List<String> get() = applicable.flatMap { it.statements }

    /** True when the database already matches. */
    public val isEmpty: Boolean get() = changes.isEmpty()

    /** One line per change: its safety, what it does and the rules it triggers. */
    public fun describe(): List<String> = changes.map { p ->
        val rules = p.findings.joinToString(", ") { it.rule }.let { if (it.isEmpty()) "" else " [$it]" }
        val held = if (p in withheld) " (not emitted)" else ""
        "${p.safety}: ${p.change.description}$rules$held"
    }

    override fun toString(): String = if (isEmpty) "SchemaDiff(empty)" else describe().joinToString("\n", "SchemaDiff(\n", "\n)")
}
