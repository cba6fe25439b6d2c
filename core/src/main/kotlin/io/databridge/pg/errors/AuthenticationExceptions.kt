package io.databridge.pg.errors

/**
 * Authentication with the server failed on the client side. Failures the server reports (wrong password,
 * unknown role) arrive as [InvalidAuthorizationException] instead. Messages never contain a password or key.
 */
public open class AuthenticationException(message: String, cause: Throwable? = null) :
    DataBridgeException(message, cause)

/** The server asked for an authentication [method] data-bridge does not implement (GSSAPI, SSPI, Kerberos V5, …). */
public class UnsupportedAuthenticationException(
    /** The method the server asked for, by name. */
    public val method: String,
    message: String = "the server requested $method authentication, which data-bridge does not support",
) : AuthenticationException(message) {
    /** Factories for the server's AuthenticationRequest codes this library does not handle. */
    public companion object {
        /** The exception for AuthenticationRequest [code] (e.g. 2 Kerberos V5, 7 GSSAPI, 9 SSPI). */
        @JvmStatic
        public fun forRequestCode(code: Int): UnsupportedAuthenticationException = UnsupportedAuthenticationException(
            when (code) {
                2 -> "Kerberos V5"
                6 -> "SCM credential"
                7, 8 -> "GSSAPI"
                9 -> "SSPI"
                else -> "unknown (request code $code)"
            },
        )
    }
}

/** The server asked for a password ([method]: cleartext, MD5 or SCRAM) but none was configured. */
public class MissingPasswordException(
    /** The authentication method that needs the password. */
    public val method: String,
) : AuthenticationException("the server requested $method authentication but no password was supplied")

/** The SCRAM exchange broke the protocol: malformed server message, bad nonce, absurd iteration count, … */
public open class ScramException(message: String, cause: Throwable? = null) : AuthenticationException(message, cause)

/** The server ended the SCRAM exchange with an `e=` error attribute (RFC 5802 server-error). */
public class ScramServerErrorException(
    /** The server-error value, e.g. `invalid-proof` or `channel-bindings-dont-match`. */
    public val serverError: String,
) : ScramException("the server rejected SCRAM authentication: $serverError")

/**
 * The server's final SCRAM signature is wrong: the server does not know the password, so it may be an
 * impostor. The connection must not be used.
 */
public class ServerSignatureMismatchException :
    ScramException("the server's SCRAM signature is invalid: it could not prove it knows the password")

/**
 * Channel binding could not be used as configured (`channel_binding=require` without TLS or without the server
 * offering SCRAM-SHA-256-PLUS, or a server certificate whose hash algorithm is unknown).
 */
public class ChannelBindingException(message: String) : AuthenticationException(message)
