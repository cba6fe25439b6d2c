package io.databridge.pg.config

/** An enum whose constants are written in connection strings with libpq's spelling. */
public interface LibpqEnum {
    /** The value as written in a connection string, e.g. `verify-full`. */
    public val libpqName: String
}

internal inline fun <reified E> parseLibpqEnum(key: String, value: String): E
    where E : Enum<E>, E : LibpqEnum {
    val values = enumValues<E>()
    return values.firstOrNull { it.libpqName == value }
        ?: throw InvalidConfigException(
            key,
            "invalid $key value: \"$value\" (expected one of: ${values.joinToString(", ") { it.libpqName }})",
        )
}
