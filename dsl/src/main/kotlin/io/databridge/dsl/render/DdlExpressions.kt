package io.databridge.dsl.render

import io.databridge.dsl.Expr

/** An expression written for DDL: its SQL text and the names of the columns it reads. */
internal class DdlExpression(val sql: String, val columns: Set<String>)

/** Writes [expr] for DDL: literals instead of parameters, unqualified column names. */
internal fun ddlExpression(expr: Expr<*>): DdlExpression {
    val writer = SqlWriter(StringBuilder(64), ddl = true)
    writer.expr(expr)
    return DdlExpression(writer.sql(), writer.columnsSeen)
}

/** [value] of [expr]'s type as a DDL literal. */
internal fun ddlLiteral(value: Any?, expr: Expr<*>): String = SqlLiterals.literal(value, expr.pgType)
