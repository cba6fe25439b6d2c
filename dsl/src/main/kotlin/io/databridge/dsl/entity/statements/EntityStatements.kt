package io.databridge.dsl.entity.statements

import io.databridge.dsl.Assignment
import io.databridge.dsl.BOOL
import io.databridge.dsl.BinaryOp
import io.databridge.dsl.Column
import io.databridge.dsl.DeleteNode
import io.databridge.dsl.DeleteStatement
import io.databridge.dsl.Excluded
import io.databridge.dsl.Expr
import io.databridge.dsl.InsertNode
import io.databridge.dsl.InsertStatement
import io.databridge.dsl.Logical
import io.databridge.dsl.OnConflict
import io.databridge.dsl.Param
import io.databridge.dsl.Quantified
import io.databridge.dsl.Query
import io.databridge.dsl.ResultRow
import io.databridge.dsl.SelectQuery
import io.databridge.dsl.Table
import io.databridge.dsl.UpdateNode
import io.databridge.dsl.UpdateStatement
import io.databridge.dsl.entity.EntityMapping
import io.databridge.dsl.returning
import io.databridge.dsl.select
import io.databridge.dsl.types.ArrayType

/**
 * The statement trees of the entity layer, built from the DSL's own nodes: every value a bound parameter, every
 * name a validated, quoted identifier, rendered and cached by shape like any DSL statement.
 */
internal object EntityStatements {
    /** `SELECT <all columns> FROM table`. */
    fun selectAll(mapping: EntityMapping<*, *>): SelectQuery<ResultRow> = select(mapping.columns).from(mapping.table)

    /** `column = $n`. */
    fun equalTo(column: Column<*>, value: Any?): Expr<Boolean> = BinaryOp(column, "=", param(column, value), BOOL)

    /** `left = right` between two columns. */
    fun columnsEqual(left: Column<*>, right: Column<*>): Expr<Boolean> = BinaryOp(left, "=", right, BOOL)

    /** `column = ANY($n)` with [values] bound as one array: one statement shape for any number of values. */
    fun anyOf(column: Column<*>, values: List<Any?>): Expr<Boolean> =
        Quantified(column, "=", Param<List<Any?>>(values, ArrayType<List<Any?>>(column.pgType, elementsNullable = true)), all = false)

    /** The rows whose key columns hold [key]. */
    fun keyIs(mapping: EntityMapping<*, *>, key: List<Any?>): Expr<Boolean> = allOf(mapping.keyColumns.mapIndexed { i, c -> equalTo(c, key[i]) })

    /** The key of [mapping] and, when it has one, its version equal to [version]. */
    fun keyAndVersionIs(mapping: EntityMapping<*, *>, key: List<Any?>, version: Any?): Expr<Boolean> {
        val condition = keyIs(mapping, key)
        val versionColumn = mapping.versionColumn ?: return condition
        return allOf(listOf(condition, equalTo(versionColumn, version)))
    }

    /** `INSERT … ON CONFLICT (key) DO UPDATE SET <every other column> = EXCLUDED.… RETURNING <all columns>`. */
    fun upsert(mapping: EntityMapping<*, *>, included: IntArray, row: Array<Any?>): Query<ResultRow> {
        val columns = included.map { mapping.columns[it] }
        val values = listOf(included.map { param(mapping.columns[it], row[it]) })
        val assignments = columns.filter { it !in mapping.keyColumns }.map { column ->
            if (column == mapping.versionColumn) {
                Assignment(column, BinaryOp<Any?>(column, "+", param(column, one(column)), column.pgType))
            } else {
                Assignment(column, column.copy(owner = Excluded))
            }
        }
        val conflict = OnConflict(mapping.keyColumns, null, assignments.ifEmpty { null }, null)
        return InsertStatement(InsertNode(mapping.table, columns, values, onConflict = conflict)).returning(mapping.columns)
    }

    /** `UPDATE … SET <columns at [changed]> (and version + 1) WHERE key (and version) [RETURNING <all columns>]`. */
    fun update(mapping: EntityMapping<*, *>, changed: IntArray, values: Array<Any?>, key: List<Any?>, version: Any?): UpdateStatement {
        val assignments = changed.map { Assignment(mapping.columns[it], param(mapping.columns[it], values[it])) }.toMutableList()
        mapping.versionColumn?.let { assignments += Assignment(it, param(it, nextVersion(version))) }
        return UpdateStatement(UpdateNode(mapping.table, assignments, where = keyAndVersionIs(mapping, key, version)))
    }

    /** [update] returning every column of the stored row. */
    fun updateReturning(mapping: EntityMapping<*, *>, changed: IntArray, values: Array<Any?>, key: List<Any?>, version: Any?): Query<ResultRow> =
        update(mapping, changed, values, key, version).returning(mapping.columns)

    /** `DELETE FROM table WHERE key (and version)`. */
    fun delete(mapping: EntityMapping<*, *>, key: List<Any?>, version: Any?): DeleteStatement =
        DeleteStatement(DeleteNode(mapping.table, where = keyAndVersionIs(mapping, key, version)))

    /** `DELETE FROM table WHERE where`. */
    fun deleteWhere(table: Table, where: Expr<Boolean>): DeleteStatement = DeleteStatement(DeleteNode(table, where = where))

    /** `DELETE FROM table WHERE where RETURNING <key columns>`, to know which tracked rows went. */
    fun deleteReturningKeys(mapping: EntityMapping<*, *>, where: Expr<Boolean>): Query<ResultRow> =
        deleteWhere(mapping.table, where).returning(mapping.keyColumns)

    /** `UPDATE … SET <column at [index]> WHERE key`, both from [values], without a version check or bump. */
    fun setColumn(mapping: EntityMapping<*, *>, index: Int, values: Array<Any?>): UpdateStatement {
        val column = mapping.columns[index]
        return UpdateStatement(UpdateNode(mapping.table, listOf(Assignment(column, param(column, values[index]))), where = keyIs(mapping, mapping.keyOf(values))))
    }

    /** `SET CONSTRAINTS <qualified name> DEFERRED` (or `IMMEDIATE`, which also runs the checks deferred so far). */
    fun setConstraint(qualifiedName: String, deferred: Boolean): String = "SET CONSTRAINTS $qualifiedName ${if (deferred) "DEFERRED" else "IMMEDIATE"}"

    /** `UPDATE table SET column = NULL WHERE where`. */
    fun setNull(table: Table, column: Column<*>, where: Expr<Boolean>): UpdateStatement =
        UpdateStatement(UpdateNode(table, listOf(Assignment(column, param(column, null))), where = where))

    /** Multi-row `INSERT INTO table (columns) VALUES …`. */
    fun insertValues(table: Table, columns: List<Column<*>>, rows: List<List<Any?>>): InsertStatement =
        InsertStatement(InsertNode(table, columns, rows.map { row -> columns.mapIndexed { i, c -> param(c, row[i]) } }))

    /** The rows after [after] in key order: `key > after` (lexicographic for a composite key). */
    fun keyAfter(mapping: EntityMapping<*, *>, after: List<Any?>): Expr<Boolean> {
        val branches = mapping.keyColumns.indices.map { i ->
            val equalBefore = (0 until i).map { equalTo(mapping.keyColumns[it], after[it]) }
            allOf(equalBefore + BinaryOp<Boolean>(mapping.keyColumns[i], ">", param(mapping.keyColumns[i], after[i]), BOOL))
        }
        return if (branches.size == 1) branches[0] else Logical(false, branches)
    }

    /** The version a successful update stores after [version]. */
    fun nextVersion(version: Any?): Any = when (version) {
        is Int -> version + 1
        is Long -> version + 1
        else -> throw IllegalStateException("version value $version is not an Int or Long")
    }

    private fun one(column: Column<*>): Any = if (column.pgType.sqlName == "int8") 1L else 1

    private fun param(column: Column<*>, value: Any?): Param<Any?> = Param(value, column.pgType)

    private fun allOf(conditions: List<Expr<Boolean>>): Expr<Boolean> = if (conditions.size == 1) conditions[0] else Logical(true, conditions)
}
