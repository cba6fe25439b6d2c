package io.databridge.dsl.schema

/**
 * How [diff] plans: [allowDestructive] lets statements that lose data (drops, narrowing) be emitted instead of
 * only reported; [concurrentIndexes] builds indexes on existing tables `CONCURRENTLY`; [notValidConstraints]
 * adds foreign keys and checks to existing tables `NOT VALID` and validates them in a separate step, and proves a
 * new NOT NULL with such a check before `SET NOT NULL`;
 * [pruneSchemas] names schemas (null: the current one) whose tables that no table object declares are dropped.
 */
public data class DiffOptions @JvmOverloads constructor(
    val allowDestructive: Boolean = false,
    val concurrentIndexes: Boolean = false,
    val notValidConstraints: Boolean = false,
    val pruneSchemas: Set<String?> = emptySet(),
)
