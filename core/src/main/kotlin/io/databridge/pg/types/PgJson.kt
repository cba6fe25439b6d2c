package io.databridge.pg.types

import kotlinx.serialization.DeserializationStrategy
import kotlinx.serialization.SerializationStrategy
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.serializer

/**
 * A `json`/`jsonb` document as its text. Build one from raw text, a [JsonElement] or any `@Serializable` value
 * (the serializer travels with the call, so no reflection is needed), and read it back the same three ways.
 */
public class PgJson private constructor(
    /** The JSON text exactly as sent or received. */
    public val text: String,
) {
    /** The document parsed into a [JsonElement]. */
    public fun toJsonElement(json: Json = Json): JsonElement = json.parseToJsonElement(text)

    /** The document decoded with [deserializer]. */
    public fun <T> decode(deserializer: DeserializationStrategy<T>, json: Json = Json): T = json.decodeFromString(deserializer, text)

    override fun equals(other: Any?): Boolean = other is PgJson && other.text == text

    override fun hashCode(): Int = text.hashCode()

    override fun toString(): String = text

    /** Builders. */
    public companion object {
        /** A document from JSON text (not validated here; the server validates it). */
        @JvmStatic
        public fun raw(text: String): PgJson = PgJson(text)

        /** A document from a [JsonElement]. */
        @JvmStatic
        public fun of(element: JsonElement): PgJson = PgJson(element.toString())

        /** [value] serialized with [serializer]. */
        @JvmStatic
        @JvmOverloads
        public fun <T> of(value: T, serializer: SerializationStrategy<T>, json: Json = Json): PgJson =
            PgJson(json.encodeToString(serializer, value))

        /** [value] serialized with the serializer of its static type `T` (which must be `@Serializable`). */
        public inline fun <reified T> of(value: T, json: Json = Json): PgJson = of(value, serializer<T>(), json)
    }
}

/** This document decoded into `T` with `T`'s generated serializer. */
public inline fun <reified T> PgJson.decode(json: Json = Json): T = decode(serializer<T>(), json)
