package io.databridge.pg.auth

import io.databridge.pg.errors.ChannelBindingException
import java.security.MessageDigest
import java.security.cert.CertificateEncodingException
import java.security.cert.X509Certificate

/**
 * The channel binding a SCRAM exchange uses, which fixes its GS2 header (RFC 5802 section 7) and whether the
 * mechanism is SCRAM-SHA-256 or SCRAM-SHA-256-PLUS. [SaslMechanisms.select] picks it from the server's offer.
 */
public sealed class ChannelBinding {
    /** The GS2 header that starts client-first and is echoed (with the binding data) in client-final's `c=`. */
    internal abstract val gs2Header: String

    /** The channel binding data appended to [gs2Header] in `c=`; empty without binding. */
    internal open val bindingData: ByteArray get() = EMPTY

    /** No channel binding: the client does not support it or it is disabled (GS2 flag `n`). */
    public data object Disabled : ChannelBinding() {
        override val gs2Header: String get() = "n,,"
    }

    /**
     * No channel binding although the client supports it, because the server did not offer SCRAM-SHA-256-PLUS
     * (GS2 flag `y`): a server that does support it then knows the offer was stripped in transit.
     */
    public data object NotOfferedByServer : ChannelBinding() {
        override val gs2Header: String get() = "y,,"
    }

    /** `tls-server-end-point` binding (RFC 5929) to the TLS server certificate, for SCRAM-SHA-256-PLUS. */
    public class TlsServerEndPoint(certificateHash: ByteArray) : ChannelBinding() {
        private val hash = certificateHash.copyOf()

        override val gs2Header: String get() = "p=tls-server-end-point,,"
        override val bindingData: ByteArray get() = hash

        /** The hash of the server certificate's DER encoding that this binding sends. */
        public val certificateHash: ByteArray get() = hash.copyOf()

        override fun equals(other: Any?): Boolean = other is TlsServerEndPoint && hash.contentEquals(other.hash)
        override fun hashCode(): Int = hash.contentHashCode()
        override fun toString(): String = "TlsServerEndPoint(${hash.size}-byte certificate hash)"

        /** Builders from the server certificate. */
        public companion object {
            /** Binding to [certificate], hashed as RFC 5929 section 4.1 prescribes for its signature algorithm. */
            @JvmStatic
            public fun fromCertificate(certificate: X509Certificate): TlsServerEndPoint {
                val algorithm = endPointHashAlgorithm(certificate.sigAlgOID) ?: endPointHashAlgorithm(certificate.sigAlgName)
                    ?: throw unsupportedSignature(certificate.sigAlgName)
                val der = try {
                    certificate.encoded
                } catch (e: CertificateEncodingException) {
                    throw ChannelBindingException("cannot encode the server certificate for channel binding: ${e.message}")
                }
                return TlsServerEndPoint(MessageDigest.getInstance(algorithm).digest(der))
            }

            /**
             * Binding to the certificate whose DER encoding is [der], signed with [signatureAlgorithm] given as an
             * OID (`1.2.840.113549.1.1.11`) or a JCA name (`SHA256withRSA`).
             */
            @JvmStatic
            public fun fromEncodedCertificate(der: ByteArray, signatureAlgorithm: String): TlsServerEndPoint {
                val algorithm = endPointHashAlgorithm(signatureAlgorithm) ?: throw unsupportedSignature(signatureAlgorithm)
                return TlsServerEndPoint(MessageDigest.getInstance(algorithm).digest(der))
            }

            private fun unsupportedSignature(name: String) = ChannelBindingException(
                "cannot compute tls-server-end-point channel binding: the server certificate's signature algorithm " +
                    "'$name' has no single hash function",
            )
        }
    }

    private companion object {
        val EMPTY = ByteArray(0)
    }
}

/**
 * The digest RFC 5929 section 4.1 assigns to a certificate signed with [signatureAlgorithm] (OID or JCA name):
 * the signature's own hash, except that MD5 and SHA-1 are replaced by SHA-256. `null` when there is none
 * (e.g. Ed25519, RSASSA-PSS), which PostgreSQL's server rejects as well.
 */
internal fun endPointHashAlgorithm(signatureAlgorithm: String): String? =
    HASH_BY_SIGNATURE_OID[signatureAlgorithm]
        ?: SIGNATURE_NAME.matchEntire(signatureAlgorithm)?.let { HASH_BY_NAME[it.groupValues[1].uppercase().replace("-", "")] }

private val SIGNATURE_NAME = Regex("(MD5|SHA-?1|SHA-?224|SHA-?256|SHA-?384|SHA-?512)with.+", RegexOption.IGNORE_CASE)

private val HASH_BY_NAME = mapOf(
    "MD5" to "SHA-256",
    "SHA1" to "SHA-256",
    "SHA224" to "SHA-224",
    "SHA256" to "SHA-256",
    "SHA384" to "SHA-384",
    "SHA512" to "SHA-512",
)

private val HASH_BY_SIGNATURE_OID = mapOf(
    "1.2.840.113549.1.1.4" to "SHA-256", // md5WithRSAEncryption
    "1.2.840.113549.1.1.5" to "SHA-256", // sha1WithRSAEncryption
    "1.2.840.113549.1.1.14" to "SHA-224",
    "1.2.840.113549.1.1.11" to "SHA-256",
    "1.2.840.113549.1.1.12" to "SHA-384",
    "1.2.840.113549.1.1.13" to "SHA-512",
    "1.2.840.10045.4.1" to "SHA-256", // ecdsa-with-SHA1
    "1.2.840.10045.4.3.1" to "SHA-224",
    "1.2.840.10045.4.3.2" to "SHA-256",
    "1.2.840.10045.4.3.3" to "SHA-384",
    "1.2.840.10045.4.3.4" to "SHA-512",
    "1.2.840.10040.4.3" to "SHA-256", // dsa-with-sha1
    "2.16.840.1.101.3.4.3.1" to "SHA-224",
    "2.16.840.1.101.3.4.3.2" to "SHA-256",
)
