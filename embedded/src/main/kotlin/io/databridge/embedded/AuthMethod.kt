package io.databridge.embedded

/** How a user of an embedded cluster authenticates; [hbaKeyword] is the method written into pg_hba.conf. */
public enum class AuthMethod(internal val hbaKeyword: String) {
    /** No credentials checked. */
    TRUST("trust"),

    /** Cleartext password (verified against the stored SCRAM secret). */
    PASSWORD("password"),

    /** MD5 challenge; the role's password is stored as an MD5 hash. */
    MD5("md5"),

    /** SCRAM-SHA-256 (RFC 7677). */
    SCRAM_SHA_256("scram-sha-256"),

    /** A client certificate whose CN equals the user name; TLS is required. */
    CERT("cert"),
}
