package io.databridge.dsl

import io.databridge.dsl.types.CompositeAttribute

/**
 * `(this)."attribute"`: one attribute of a composite value, typed as the attribute's values (NULL when the
 * composite itself is NULL), usable in select lists, WHERE and ORDER BY.
 */
public fun <T : Any, F> Expr<out T?>.field(attribute: CompositeAttribute<T, F>): Expr<F?> =
    Fragment(listOf("(", ").\"${attribute.name.replace("\"", "\"\"")}\""), listOf(this), attribute.type)
