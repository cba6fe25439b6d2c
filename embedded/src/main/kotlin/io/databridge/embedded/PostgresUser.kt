package io.databridge.embedded

/**
 * A role created at start: [auth] is its pg_hba.conf method, [tlsOnly] lets it connect over TLS (hostssl) only.
 * The password never appears in [toString].
 */
public class PostgresUser(
    /** The role name. */
    public val name: String,
    /** The role's password, or null for trust and cert users. */
    public val password: String?,
    /** The authentication method pg_hba.conf demands of this role. */
    public val auth: AuthMethod,
    /** Whether the role may connect over TLS only. */
    public val tlsOnly: Boolean = false,
    /** Whether the role is a superuser. */
    public val superuser: Boolean = false,
) {
    init {
        require(name.isNotBlank() && name.length <= 63) { "a role name must have 1 to 63 characters" }
        if (auth == AuthMethod.PASSWORD || auth == AuthMethod.MD5 || auth == AuthMethod.SCRAM_SHA_256) {
            require(!password.isNullOrEmpty()) { "role $name with $auth needs a password" }
        }
    }

    /** Whether pg_hba.conf may only admit this role over TLS. */
    internal val needsTls: Boolean get() = tlsOnly || auth == AuthMethod.CERT

    override fun toString(): String = "PostgresUser(name=$name, auth=$auth, tlsOnly=$tlsOnly, superuser=$superuser)"
}
