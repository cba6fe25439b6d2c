package io.databridge.pg.auth

import io.databridge.pg.config.LibpqEnum
import io.databridge.pg.errors.ChannelBindingException
import io.databridge.pg.errors.UnsupportedAuthenticationException
import java.security.cert.X509Certificate

/** The libpq `channel_binding` setting: whether SCRAM must, may or must not bind to the TLS channel. */
public enum class ChannelBindingMode(override val libpqName: String) : LibpqEnum {
    /** Never use channel binding. */
    DISABLE("disable"),

    /** Use channel binding when the connection is TLS and the server offers it (libpq's default). */
    PREFER("prefer"),

    /** Fail unless the server is authenticated with channel binding. */
    REQUIRE("require"),
    ;

    /**
     * Fails when this mode is [REQUIRE] and the server chose [method] (trust, cleartext, MD5…), which cannot bind
     * to the channel; call it for every non-SASL authentication request, including AuthenticationOk without SASL.
     */
    public fun checkAllowsWithoutBinding(method: String) {
        if (this == REQUIRE) {
            throw ChannelBindingException("channel_binding=require, but the server authenticated the client with $method, without channel binding")
        }
    }
}

/** The SASL mechanisms data-bridge implements, and the choice among what the server offers. */
public object SaslMechanisms {
    /** SCRAM-SHA-256 without channel binding. */
    public const val SCRAM_SHA_256: String = "SCRAM-SHA-256"

    /** SCRAM-SHA-256 with channel binding (tls-server-end-point). */
    public const val SCRAM_SHA_256_PLUS: String = "SCRAM-SHA-256-PLUS"

    /**
     * The channel binding (and so the mechanism, see [ScramClient.mechanism]) to use, given the mechanisms of
     * AuthenticationSASL ([offered]), the TLS server certificate ([serverCertificate], `null` without TLS) and the
     * `channel_binding` [mode]. Follows libpq: with TLS and SCRAM-SHA-256-PLUS offered, bind unless disabled.
     */
    @JvmStatic
    public fun select(offered: List<String>, serverCertificate: X509Certificate?, mode: ChannelBindingMode): ChannelBinding {
        val plusOffered = SCRAM_SHA_256_PLUS in offered
        if (mode != ChannelBindingMode.DISABLE && serverCertificate != null && plusOffered) {
            return ChannelBinding.TlsServerEndPoint.fromCertificate(serverCertificate)
        }
        if (mode == ChannelBindingMode.REQUIRE) {
            throw ChannelBindingException(
                if (serverCertificate == null) "channel_binding=require, but the connection does not use TLS"
                else "channel_binding=require, but the server did not offer $SCRAM_SHA_256_PLUS (offered: ${describe(offered)})",
            )
        }
        if (SCRAM_SHA_256 !in offered) {
            throw UnsupportedAuthenticationException(
                "SASL (${describe(offered)})",
                "none of the SASL mechanisms the server offered is usable (offered: ${describe(offered)}; " +
                    "supported: $SCRAM_SHA_256, and $SCRAM_SHA_256_PLUS over TLS with channel_binding enabled)",
            )
        }
        return if (serverCertificate != null && mode != ChannelBindingMode.DISABLE) ChannelBinding.NotOfferedByServer else ChannelBinding.Disabled
    }

    private fun describe(offered: List<String>): String = if (offered.isEmpty()) "none" else offered.joinToString()
}
