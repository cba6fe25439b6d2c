package io.databridge.pg.config

/** An authentication method the server may ask for, as named in libpq's `require_auth`. */
public enum class AuthMethod(override val libpqName: String) : LibpqEnum {
    /** Cleartext password. */
    PASSWORD("password"),

    /** MD5-hashed password. */
    MD5("md5"),

    /** Kerberos through GSSAPI. */
    GSS("gss"),

    /** Windows SSPI. */
    SSPI("sspi"),

    /** SCRAM-SHA-256, with or without channel binding. */
    SCRAM_SHA_256("scram-sha-256"),

    /** OAuth bearer tokens (PostgreSQL 18). */
    OAUTH("oauth"),

    /** No authentication exchange at all (trust). */
    NONE("none"),
}

/**
 * Which authentication methods the client accepts from the server (libpq 16 `require_auth`).
 *
 * Written as a comma-separated list: `scram-sha-256,none` accepts only those; `!password,!md5` accepts all but
 * those. Negated and plain methods cannot be mixed, and no method may appear twice, as in libpq.
 */
public class RequireAuth private constructor(
    /** The methods listed. */
    public val methods: Set<AuthMethod>,
    /** Whether [methods] are the refused ones (`!` syntax) instead of the only accepted ones. */
    public val negated: Boolean,
) {
    /** Whether the server may authenticate with [method]. */
    public fun allows(method: AuthMethod): Boolean = (method in methods) != negated

    override fun equals(other: Any?): Boolean =
        other is RequireAuth && other.methods == methods && other.negated == negated

    override fun hashCode(): Int = methods.hashCode() * 31 + negated.hashCode()

    override fun toString(): String = if (methods.isEmpty()) "any" else render()

    internal fun render(): String = methods.joinToString(",") { (if (negated) "!" else "") + it.libpqName }

    /** Constructors of [RequireAuth]. */
    public companion object {
        /** Accepts every method: libpq's default when `require_auth` is not set. */
        @JvmField
        public val ANY: RequireAuth = RequireAuth(emptySet(), negated = true)

        /** Parses libpq's `require_auth` list syntax. */
        @JvmStatic
        public fun parse(value: String): RequireAuth {
            val key = "require_auth"
            val items = value.split(',').map { it.trim() }
            val methods = LinkedHashSet<AuthMethod>()
            var negated: Boolean? = null
            for (item in items) {
                val isNegated = item.startsWith("!")
                val name = item.removePrefix("!")
                if (negated != null && negated != isNegated) {
                    throw InvalidConfigException(
                        key,
                        "negative require_auth method \"$item\" cannot be mixed with non-negative methods",
                    )
                }
                negated = isNegated
                val method = AuthMethod.entries.firstOrNull { it.libpqName == name }
                    ?: throw InvalidConfigException(key, "invalid require_auth method: \"$item\"")
                if (!methods.add(method)) {
                    throw InvalidConfigException(key, "require_auth method \"$item\" is specified more than once")
                }
            }
            if (negated == true && methods.size == AuthMethod.entries.size) {
                throw InvalidConfigException(key, "require_auth \"$value\" refuses every authentication method")
            }
            return RequireAuth(methods, negated ?: false)
        }
    }
}
