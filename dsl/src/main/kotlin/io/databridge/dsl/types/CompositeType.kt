package io.databridge.dsl.types

import io.databridge.pg.identifiers.Identifiers
import io.databridge.dsl.InvalidParameterException
import io.databridge.dsl.InvalidQueryException
import io.databridge.dsl.requireIdentifier

/**
 * A composite type (`CREATE TYPE address AS (street text, zip int4)`) mapped to the Kotlin class [T], declared once:
 * ```
 * object AddressType : CompositeType<Address>("address") {
 *     val street = field("street", PgTypes.text) { it.street }
 *     val zip = nullableField("zip", PgTypes.int4) { it.zip }
 *     override fun create(values: CompositeValues): Address = Address(values[street], values[zip])
 * }
 * ```
 * Fields are declared in the type's attribute order, each with the DSL type of its values (any DSL type, also
 * enums, JSON and other composites). A column of this type reads and writes [T]; [io.databridge.dsl.field] reads one
 * attribute in a query. Types compare by identity, so declare each one once (an `object`).
 */
public abstract class CompositeType<T : Any>(typeName: String) : PgType<T>() {
    /** The composite type's name. */
    public val typeName: String = requireIdentifier(typeName, "composite type")

    private val declared = mutableListOf<CompositeAttribute<T, *>>()

    /** The attributes in declaration order. */
    public val attributes: List<CompositeAttribute<T, *>> get() = declared

    override val sqlName: String get() = Identifiers.quoteValid(typeName)

    /** Declares the next attribute [name], never NULL, holding values of [type] read from a [T] by [get]. */
    protected fun <F : Any> field(name: String, type: PgType<F>, get: (T) -> F): CompositeAttribute<T, F> =
        add(CompositeAttribute(name, type, false, declared.size, get))

    /** Declares the next attribute [name], which may be NULL, holding values of [type] read from a [T] by [get]. */
    protected fun <F : Any> nullableField(name: String, type: PgType<F>, get: (T) -> F?): CompositeAttribute<T, F?> =
        add(CompositeAttribute(name, type, true, declared.size, get))

    /** The [T] made of one value's attributes. */
    public abstract fun create(values: CompositeValues): T

    override fun validate(value: Any) {
        if (declared.isEmpty()) throw InvalidQueryException("composite type $typeName declares no field")
        @Suppress("UNCHECKED_CAST")
        for (attribute in declared) {
            val field = attribute.read(value as T)
            if (field == null) {
                if (!attribute.nullable) throw InvalidParameterException("field ${attribute.name} of $typeName is declared non-null but is null")
            } else {
                attribute.type.validate(field)
            }
        }
    }

    override fun toString(): String = sqlName

    private fun <F> add(attribute: CompositeAttribute<T, F>): CompositeAttribute<T, F> {
        requireIdentifier(attribute.name, "field")
        if (declared.any { it.name == attribute.name }) throw InvalidQueryException("field ${attribute.name} is declared twice in $typeName")
        declared += attribute
        return attribute
    }
}

/** One attribute of a [CompositeType]: its [name], the DSL [type] of its values and whether it may be NULL. */
public class CompositeAttribute<T, F> internal constructor(
    public val name: String,
    public val type: PgType<*>,
    public val nullable: Boolean,
    internal val index: Int,
    private val get: (T) -> F?,
) {
    internal fun read(value: T): Any? = get(value)

    override fun toString(): String = name
}

/** The attribute values of one composite value, read by attribute: `values[AddressType.street]`. */
public class CompositeValues internal constructor(private val values: List<Any?>) {
    /** The value of [attribute] (null only for a nullable attribute). */
    @Suppress("UNCHECKED_CAST")
    public operator fun <F> get(attribute: CompositeAttribute<*, F>): F = values[attribute.index] as F
}
