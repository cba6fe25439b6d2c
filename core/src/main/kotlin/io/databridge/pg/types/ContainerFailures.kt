package io.databridge.pg.types

// Throwing shorthands over CodecSupport's malformed/unencodable, for the many checks in container parsers.

internal fun malformedValue(type: PgTypeIdentity, detail: String, cause: Throwable? = null): Nothing = throw malformed(type, detail, cause)

internal fun unencodableValue(type: PgTypeIdentity, detail: String): Nothing = throw unencodable(type, detail)
