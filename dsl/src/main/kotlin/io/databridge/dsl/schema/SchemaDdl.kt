package io.databridge.dsl.schema

import io.databridge.dsl.Table
import io.databridge.pg.PgSession

/**
 * The DDL that creates [tables] and the enum and composite types their columns use, in dependency order (see [create]);
 * with [ifNotExists] every statement leaves an existing object alone.
 */
public fun createStatements(vararg tables: Table, ifNotExists: Boolean = false): List<String> =
    CreatePlan.statements(SchemaModel.of(*tables), ifNotExists)

/**
 * The DDL that drops [tables], then the composite types and then the enum types their columns use; [cascade] also
 * drops what depends on them.
 */
public fun dropStatements(vararg tables: Table, ifExists: Boolean = false, cascade: Boolean = false): List<String> {
    val model = SchemaModel.of(*tables)
    return listOfNotNull(
        model.tables.takeIf { it.isNotEmpty() }?.let { DdlRenderer.dropTables(it, ifExists, cascade) },
        model.composites.takeIf { it.isNotEmpty() }?.let { DdlRenderer.dropComposites(it, ifExists, cascade) },
        model.enums.takeIf { it.isNotEmpty() }?.let { DdlRenderer.dropEnums(it, ifExists, cascade) },
    )
}

/**
 * Creates [tables] here, all or nothing in one transaction: enum types first, then composite types, each table after the tables its
 * foreign keys reference, foreign keys of a cycle added after the tables. `pool.create(Authors, Books)`.
 */
public suspend fun PgSession.create(vararg tables: Table, ifNotExists: Boolean = false) {
    val statements = createStatements(*tables, ifNotExists = ifNotExists)
    inTransaction { tx -> statements.forEach { tx.execute(it) } }
}

/** Drops [tables] and the enum and composite types their columns use, in one transaction. */
public suspend fun PgSession.drop(vararg tables: Table, ifExists: Boolean = false, cascade: Boolean = false) {
    val statements = dropStatements(*tables, ifExists = ifExists, cascade = cascade)
    inTransaction { tx -> statements.forEach { tx.execute(it) } }
}
