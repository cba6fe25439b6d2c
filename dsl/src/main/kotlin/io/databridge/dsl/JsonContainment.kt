package io.databridge.dsl

import io.databridge.dsl.types.JsonDefaults
import io.databridge.dsl.types.JsonType
import kotlinx.serialization.KSerializer
import kotlinx.serialization.json.Json
import kotlinx.serialization.serializer
import java.util.concurrent.ConcurrentHashMap

/** `this @> value`: whether the `jsonb<T>` document contains [value], encoded as the column encodes its values. */
public infix fun <T : Any> Expr<T>.jsonContains(value: T): Expr<Boolean> = containsDocument(this, value)

/** `this @> value` for a nullable `jsonb<T>` column (NULL documents contain nothing). */
@JvmName("jsonContainsNullable")
public infix fun <T : Any> Expr<T?>.jsonContains(value: T): Expr<Boolean> = containsDocument(this, value)

/**
 * `this @> partial`: whether the `jsonb` document contains the properties of [partial] that are set, a value of
 * another `@Serializable` class (typically a few nullable properties defaulting to null). Properties left at their
 * default and null properties are left out, so they match any document; the rest is encoded with the column's
 * configuration (its names and class discriminator).
 */
public fun <P : Any> Expr<*>.jsonContainsPartial(partial: P, serializer: KSerializer<P>): Expr<Boolean> {
    val format = (pgType as? JsonType<*>)?.format ?: JsonDefaults.json
    return jsonContains(partialFormat(format).encodeToJsonElement(serializer, partial))
}

/** `this @> partial` for the `@Serializable` class [P], resolved at compile time; see the overload. */
public inline infix fun <reified P : Any> Expr<*>.jsonContainsPartial(partial: P): Expr<Boolean> =
    jsonContainsPartial(partial, serializer<P>())

@Suppress("UNCHECKED_CAST")
private fun containsDocument(document: Expr<*>, value: Any): Expr<Boolean> {
    val type = document.pgType as? JsonType<Any>
        ?: throw InvalidQueryException("@> with a mapped value needs a jsonb<T> operand, not ${document.pgType.sqlName}")
    return document.jsonContains(type.format.encodeToJsonElement(type.serializer, value))
}

private val partialFormats = ConcurrentHashMap<Json, Json>()

// One derived configuration per base configuration: kotlinx caches serializer metadata per Json instance.
private fun partialFormat(format: Json): Json = partialFormats.computeIfAbsent(format) {
    Json(it) {
        encodeDefaults = false
        explicitNulls = false
    }
}
