package io.databridge.pg.types

import io.databridge.pg.errors.ValueDecodingException
import io.databridge.pg.errors.ValueEncodingException

/** The failure for a value of [type] whose bytes are malformed. */
internal fun decodingFailure(type: PgType, detail: String, cause: Throwable? = null): RuntimeException =
    ValueDecodingException("malformed ${type.name} value: $detail", cause)

/** The failure for a value that [type] cannot represent; [detail] must not contain the value itself. */
internal fun encodingFailure(type: PgType, detail: String): RuntimeException =
    ValueEncodingException(0, "as ${type.name}: $detail")

internal fun malformedValue(type: PgType, detail: String, cause: Throwable? = null): Nothing =
    throw decodingFailure(type, detail, cause)

internal fun unencodableValue(type: PgType, detail: String): Nothing = throw encodingFailure(type, detail)
