package io.databridge.pg.protocol

/** An Authentication request ('R'): what the server asks of the client before the session starts. */
public sealed class Authentication : BackendMessage()

/** AuthenticationOk: authentication succeeded. */
public data object AuthenticationOk : Authentication()

/** AuthenticationKerberosV5: an unsupported legacy method. */
public data object AuthenticationKerberosV5 : Authentication()

/** AuthenticationCleartextPassword: send the password in a PasswordMessage. */
public data object AuthenticationCleartextPassword : Authentication()

/** AuthenticationGSS: GSSAPI negotiation starts. */
public data object AuthenticationGSS : Authentication()

/** AuthenticationSSPI: SSPI negotiation starts. */
public data object AuthenticationSSPI : Authentication()

/** AuthenticationMD5Password: send "md5" + md5(md5(password + user) + [salt]) in hex. */
public class AuthenticationMD5Password(
    /** The 4-byte salt. */
    public val salt: ByteArray,
) : Authentication() {
    override fun equals(other: Any?): Boolean = other is AuthenticationMD5Password && other.salt.contentEquals(salt)

    override fun hashCode(): Int = salt.contentHashCode()

    override fun toString(): String = "AuthenticationMD5Password(salt=<${salt.size} bytes>)"
}

/** AuthenticationSASL: start a SASL exchange with one of [mechanisms], in the server's order of preference. */
public data class AuthenticationSASL(
    /** Mechanism names such as SCRAM-SHA-256 and SCRAM-SHA-256-PLUS. */
    public val mechanisms: List<String>,
) : Authentication()

/** An Authentication message that carries mechanism-specific bytes; [data] is never printed. */
public sealed class AuthenticationWithData : Authentication() {
    /** The mechanism's payload. */
    public abstract val data: ByteArray

    override fun equals(other: Any?): Boolean =
        other is AuthenticationWithData && other.javaClass == javaClass && other.data.contentEquals(data)

    override fun hashCode(): Int = javaClass.hashCode() * 31 + data.contentHashCode()

    override fun toString(): String = "${javaClass.simpleName}(<${data.size} bytes>)"
}

/** AuthenticationGSSContinue: the next GSSAPI or SSPI token. */
public class AuthenticationGSSContinue(override val data: ByteArray) : AuthenticationWithData()

/** AuthenticationSASLContinue: the server's next SASL challenge (SCRAM's server-first-message). */
public class AuthenticationSASLContinue(override val data: ByteArray) : AuthenticationWithData()

/** AuthenticationSASLFinal: the server's last SASL message (SCRAM's server-final-message, to verify). */
public class AuthenticationSASLFinal(override val data: ByteArray) : AuthenticationWithData()
