package io.databridge.pg.types

// One place that decides which exception container codecs throw, so the switch to the typed
// io.databridge.pg.errors exceptions is a change here only.

/** The failure for a value of [type] whose bytes are malformed. */
internal fun decodingFailure(type: PgType, detail: String, cause: Throwable? = null): RuntimeException =
    IllegalArgumentException("malformed ${type.name} value: $detail", cause)

/** The failure for a value that [type] cannot represent. */
internal fun encodingFailure(type: PgType, detail: String): RuntimeException =
    IllegalArgumentException("cannot encode value as ${type.name}: $detail")

internal fun malformedValue(type: PgType, detail: String, cause: Throwable? = null): Nothing =
    throw decodingFailure(type, detail, cause)

internal fun unencodableValue(type: PgType, detail: String): Nothing = throw encodingFailure(type, detail)
