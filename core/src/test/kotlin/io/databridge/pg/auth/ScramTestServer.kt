package io.databridge.pg.auth

import java.security.MessageDigest
import java.util.Base64
import javax.crypto.Mac
import javax.crypto.spec.SecretKeySpec

/**
 * The server side of SCRAM-SHA-256 for tests, working from a verifier as PostgreSQL stores it in pg_authid
 * (`SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>`): it checks the client proof the way the server
 * does, so a password the client prepares differently from PostgreSQL is rejected.
 */
class ScramTestServer(verifier: String, private val serverNonce: String = "srvNonce3rdPart") {
    private val iterations: Int
    private val salt: String
    private val storedKey: ByteArray
    private val serverKey: ByteArray
    private lateinit var clientFirstBare: String
    private lateinit var serverFirst: String

    init {
        val (_, iterAndSalt, keys) = verifier.split('$')
        iterations = iterAndSalt.substringBefore(':').toInt()
        salt = iterAndSalt.substringAfter(':')
        storedKey = Base64.getDecoder().decode(keys.substringBefore(':'))
        serverKey = Base64.getDecoder().decode(keys.substringAfter(':'))
    }

    /** The gs2 header and channel binding data the client sent, base64-encoded as in `c=`. */
    var channelBindingAttribute: String? = null
        private set

    fun serverFirst(clientFirst: ByteArray): ByteArray {
        val text = clientFirst.decodeToString()
        val gs2End = text.indexOf(",,") + 2
        clientFirstBare = text.substring(gs2End)
        val clientNonce = clientFirstBare.substringAfter(",r=")
        serverFirst = "r=$clientNonce$serverNonce,s=$salt,i=$iterations"
        return serverFirst.encodeToByteArray()
    }

    /** The server-final message, or `null` when the client proof is wrong. */
    fun serverFinal(clientFinal: ByteArray): ByteArray? {
        val text = clientFinal.decodeToString()
        val withoutProof = text.substringBeforeLast(",p=")
        channelBindingAttribute = withoutProof.substringAfter("c=").substringBefore(',')
        val proof = Base64.getDecoder().decode(text.substringAfterLast(",p="))
        val authMessage = "$clientFirstBare,$serverFirst,$withoutProof".encodeToByteArray()
        val clientSignature = hmac(storedKey, authMessage)
        val clientKey = ByteArray(proof.size) { (proof[it].toInt() xor clientSignature[it].toInt()).toByte() }
        if (!MessageDigest.getInstance("SHA-256").digest(clientKey).contentEquals(storedKey)) return null
        return ("v=" + Base64.getEncoder().encodeToString(hmac(serverKey, authMessage))).encodeToByteArray()
    }

    private fun hmac(key: ByteArray, data: ByteArray): ByteArray =
        Mac.getInstance("HmacSHA256").apply { init(SecretKeySpec(key, "HmacSHA256")) }.doFinal(data)
}
