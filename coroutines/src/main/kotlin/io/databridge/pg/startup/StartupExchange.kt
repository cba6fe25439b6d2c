package io.databridge.pg.startup

import io.databridge.pg.auth.ChannelBindingMode
import io.databridge.pg.auth.PasswordAuth
import io.databridge.pg.auth.SaslMechanisms
import io.databridge.pg.auth.ScramClient
import io.databridge.pg.config.AuthMethod
import io.databridge.pg.config.ProtocolVersion
import io.databridge.pg.config.RequireAuth
import io.databridge.pg.errors.AuthenticationException
import io.databridge.pg.errors.DataBridgeException
import io.databridge.pg.errors.PgServerException
import io.databridge.pg.errors.ProtocolException
import io.databridge.pg.errors.ScramException
import io.databridge.pg.errors.UnsupportedAuthenticationException
import io.databridge.pg.pipeline.ConnectionDriver
import io.databridge.pg.pipeline.PendingRequest
import io.databridge.pg.protocol.Authentication
import io.databridge.pg.protocol.AuthenticationCleartextPassword
import io.databridge.pg.protocol.AuthenticationGSS
import io.databridge.pg.protocol.AuthenticationGSSContinue
import io.databridge.pg.protocol.AuthenticationKerberosV5
import io.databridge.pg.protocol.AuthenticationMD5Password
import io.databridge.pg.protocol.AuthenticationOk
import io.databridge.pg.protocol.AuthenticationSASL
import io.databridge.pg.protocol.AuthenticationSASLContinue
import io.databridge.pg.protocol.AuthenticationSASLFinal
import io.databridge.pg.protocol.AuthenticationSSPI
import io.databridge.pg.protocol.BackendKeyData
import io.databridge.pg.protocol.BackendMessage
import io.databridge.pg.protocol.ByteWriter
import io.databridge.pg.protocol.ErrorResponse
import io.databridge.pg.protocol.NegotiateProtocolVersion
import io.databridge.pg.protocol.ReadyForQuery
import io.databridge.pg.protocol.requireAcceptableFor
import io.databridge.pg.protocol.writePasswordMessage
import io.databridge.pg.protocol.writeSaslInitialResponse
import io.databridge.pg.protocol.writeSaslResponse
import io.databridge.pg.protocol.writeStartupMessage
import java.security.cert.X509Certificate
import kotlinx.coroutines.CompletableDeferred

/**
 * The StartupMessage and the authentication exchange up to the first ReadyForQuery, answering each request of the
 * server as it arrives. The password is only ever passed to the auth functions, never into a message or log.
 */
internal class StartupExchange(
    private val startupParameters: Map<String, String>,
    private val password: String?,
    private val serverCertificate: X509Certificate?,
    private val channelBinding: ChannelBindingMode,
    private val requireAuth: RequireAuth,
) : PendingRequest() {
    val done = CompletableDeferred<Unit>()

    /** The method the server authenticated us with: trust, password, md5, SCRAM-SHA-256 or SCRAM-SHA-256-PLUS. */
    var method: String = "trust"
        private set

    private var asked = false
    private var authenticated = false
    private var scram: ScramClient? = null
    private val user = startupParameters.getValue("user")

    override fun writeTo(out: ByteWriter) = out.writeStartupMessage(startupParameters)

    override fun handle(message: BackendMessage, driver: ConnectionDriver): Boolean {
        if (message is Authentication && authenticated) {
            // After AuthenticationOk the exchange is over: a later request could only be a bid for the password.
            throw AuthenticationException("the server sent ${message.javaClass.simpleName} after authentication had completed")
        }
        when (message) {
            AuthenticationOk -> {
                val client = scram
                if (client != null && !client.isComplete) {
                    throw ScramException("the server ended SCRAM authentication without proving it knows the password")
                }
                if (!asked) {
                    allow(AuthMethod.NONE, "trust")
                    channelBinding.checkAllowsWithoutBinding("trust")
                }
                authenticated = true
            }
            AuthenticationCleartextPassword -> {
                begin(AuthMethod.PASSWORD, "password")
                channelBinding.checkAllowsWithoutBinding("a cleartext password")
                PasswordAuth.cleartext(password)
                driver.send { writePasswordMessage(password!!) }
            }
            is AuthenticationMD5Password -> {
                begin(AuthMethod.MD5, "md5")
                channelBinding.checkAllowsWithoutBinding("MD5")
                val response = PasswordAuth.md5(user, password, message.salt).decodeToString()
                driver.send { writePasswordMessage(response) }
            }
            is AuthenticationSASL -> {
                begin(AuthMethod.SCRAM_SHA_256, "SCRAM-SHA-256")
                val binding = SaslMechanisms.select(message.mechanisms, serverCertificate, channelBinding)
                val client = ScramClient(password, binding)
                scram = client
                method = client.mechanism
                val first = client.clientFirstMessage()
                driver.send { writeSaslInitialResponse(client.mechanism, first) }
            }
            is AuthenticationSASLContinue -> {
                val client = scram ?: throw ProtocolException("AuthenticationSASLContinue without a SASL exchange")
                val final = client.handleServerFirst(message.data)
                driver.send { writeSaslResponse(final) }
            }
            is AuthenticationSASLFinal -> {
                (scram ?: throw ProtocolException("AuthenticationSASLFinal without a SASL exchange")).verifyServerFinal(message.data)
            }
            AuthenticationKerberosV5 -> throw UnsupportedAuthenticationException("Kerberos V5")
            AuthenticationGSS, is AuthenticationGSSContinue -> throw UnsupportedAuthenticationException("GSSAPI")
            AuthenticationSSPI -> throw UnsupportedAuthenticationException("SSPI")
            is BackendKeyData -> {
                requireAuthenticated(message)
                driver.backendKey = message
            }
            is NegotiateProtocolVersion -> message.requireAcceptableFor(ProtocolVersion.V3_0)
            is ErrorResponse -> throw PgServerException.fromFields(message.fields)
            is ReadyForQuery -> {
                requireAuthenticated(message)
                done.complete(Unit)
                return true
            }
            else -> throw ProtocolException("unexpected ${message.javaClass.simpleName} during startup")
        }
        return false
    }

    override fun fail(cause: DataBridgeException) {
        done.completeExceptionally(cause)
    }

    /**
     * A server that goes on to the session without AuthenticationOk skipped authentication: refused whatever
     * require_auth says (as libpq does), or a server could hand out a session nobody authenticated.
     */
    private fun requireAuthenticated(message: BackendMessage) {
        if (!authenticated) {
            throw AuthenticationException(
                "expected an authentication request from the server, got ${message.javaClass.simpleName}; refusing a session that was never authenticated",
            )
        }
    }

    private fun begin(required: AuthMethod, name: String) {
        if (asked) throw AuthenticationException("the server asked for $name authentication after another method")
        asked = true
        method = name
        allow(required, name)
    }

    private fun allow(required: AuthMethod, name: String) {
        if (!requireAuth.allows(required)) {
            throw AuthenticationException("the server asked for $name authentication, which require_auth=$requireAuth does not allow")
        }
    }
}
