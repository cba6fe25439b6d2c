package io.databridge.dsl.future

import io.databridge.dsl.Expr
import io.databridge.dsl.InvalidQueryException
import io.databridge.dsl.UnexpectedNullException
import io.databridge.dsl.types.ArrayType
import io.databridge.dsl.types.BuiltinType
import io.databridge.dsl.types.CustomType
import io.databridge.dsl.types.EnumType
import io.databridge.dsl.types.MultirangeType
import io.databridge.dsl.types.PgType
import io.databridge.dsl.types.RangeType
import io.databridge.dsl.types.VectorType
import io.databridge.pg.types.PgRange
import java.lang.invoke.MethodType
import java.lang.reflect.Constructor
import java.lang.reflect.InvocationTargetException

/**
 * Builds a Java record or class from one row's values, in select-list order, through the constructor taking exactly
 * those values. The constructor is chosen once, when the query is built: a record's canonical constructor, else
 * the only constructor whose parameter count and types fit the selected expressions' Java classes; none or several
 * fail with [InvalidQueryException] then, not at the first row.
 */
internal class ConstructorMapping<R> private constructor(private val constructor: Constructor<R>) {
    private val parameterTypes = constructor.parameterTypes

    fun create(values: Array<Any?>): R {
        for (i in values.indices) {
            if (values[i] == null && parameterTypes[i].isPrimitive) {
                throw UnexpectedNullException(
                    "parameter ${i + 1} of ${constructor.declaringClass.simpleName} is a primitive ${parameterTypes[i]} but the row holds NULL; declare it boxed",
                )
            }
        }
        return try {
            constructor.newInstance(*values)
        } catch (e: InvocationTargetException) {
            throw e.cause ?: e
        } catch (e: IllegalArgumentException) {
            throw InvalidQueryException("the row's values do not fit the constructor of ${constructor.declaringClass.name}: ${e.message}")
        }
    }

    companion object {
        fun <R> of(type: Class<R>, exprs: List<Expr<*>>): ConstructorMapping<R> {
            if (exprs.isEmpty()) throw InvalidQueryException("building a ${type.name} needs at least one selected expression")
            val classes = exprs.map { valueClass(it.pgType) }
            @Suppress("UNCHECKED_CAST")
            val candidates = (type.declaredConstructors as Array<Constructor<R>>).filter { it.parameterCount == exprs.size }
            val fitting = candidates.filter { c -> c.parameterTypes.indices.all { i -> classes[i]?.let { boxed(c.parameterTypes[i]).isAssignableFrom(it) } ?: true } }
            val canonical = type.recordComponents?.map { it.type }
            val chosen = fitting.singleOrNull() ?: fitting.firstOrNull { c -> canonical != null && c.parameterTypes.toList() == canonical }
                ?: throw InvalidQueryException(
                    "${type.name} has ${if (fitting.isEmpty()) "no" else "more than one"} constructor taking " +
                        classes.joinToString(", ", "(", ")") { it?.simpleName ?: "?" },
                )
            chosen.trySetAccessible()
            return ConstructorMapping(chosen)
        }

        /** The class every non-null value of [type] is an instance of, or null when only its serializer or factory knows. */
        private fun valueClass(type: PgType<*>): Class<*>? = when (type) {
            is BuiltinType<*> -> type.valueClass
            is ArrayType<*>, is MultirangeType<*> -> List::class.java
            is EnumType<*> -> type.enumClass.java
            is CustomType<*> -> type.kotlinClass.javaObjectType
            is RangeType<*> -> PgRange::class.java
            is VectorType -> FloatArray::class.java
            else -> null
        }

        private fun boxed(type: Class<*>): Class<*> = if (type.isPrimitive) MethodType.methodType(type).wrap().returnType() else type
    }
}
