package io.databridge.pg.auth

import io.databridge.pg.errors.ScramException
import io.databridge.pg.errors.ScramServerErrorException
import io.databridge.pg.errors.ServerSignatureMismatchException
import java.security.MessageDigest
import java.security.SecureRandom
import java.util.Base64
import javax.crypto.Mac
import javax.crypto.SecretKey

/**
 * The client side of one SCRAM-SHA-256 / SCRAM-SHA-256-PLUS exchange (RFC 5802, RFC 7677) as PostgreSQL runs it,
 * without I/O: [clientFirstMessage] → (server-first) [handleServerFirst] → (server-final) [verifyServerFinal].
 *
 * The payloads are the SASLInitialResponse / SASLResponse data and AuthenticationSASLContinue / SASLFinal data.
 * PostgreSQL takes the user from the startup message, so client-first carries an empty user name. Any failure
 * leaves the client failed; it is used for one exchange only. The password never appears in messages or [toString].
 */
public class ScramClient internal constructor(
    password: String?,
    /** The channel binding this exchange uses; it decides [mechanism]. */
    public val channelBinding: ChannelBinding,
    private val clientNonce: String,
    private val maxIterations: Int,
    private val username: String,
) {
    /**
     * A client for one exchange with [password] and [channelBinding], drawing its nonce from [random].
     * Server iteration counts above [maxIterations] are refused, so a hostile server cannot make the client
     * spin for minutes.
     */
    @JvmOverloads
    public constructor(
        password: String?,
        channelBinding: ChannelBinding = ChannelBinding.Disabled,
        random: SecureRandom = SecureRandom(),
        maxIterations: Int = DEFAULT_MAX_ITERATIONS,
    ) : this(password, channelBinding, newNonce(random), maxIterations, username = "")

    private enum class State { INITIAL, AWAITING_SERVER_FIRST, AWAITING_SERVER_FINAL, COMPLETE, FAILED }

    /** `SCRAM-SHA-256-PLUS` with channel binding, otherwise `SCRAM-SHA-256`; sent in SASLInitialResponse. */
    public val mechanism: String =
        if (channelBinding is ChannelBinding.TlsServerEndPoint) SaslMechanisms.SCRAM_SHA_256_PLUS else SaslMechanisms.SCRAM_SHA_256

    private val passwordBytes: ByteArray = SaslPrep.passwordBytes(requirePassword(password, mechanism))
    private var state = State.INITIAL
    private var expectedServerSignature: ByteArray? = null

    /** True once the server's final signature has been verified: the server proved it knows the password. */
    public val isComplete: Boolean get() = state == State.COMPLETE

    /** The client-first message: GS2 header, empty user name and the client nonce. */
    public fun clientFirstMessage(): ByteArray {
        expectState(State.INITIAL, "client-first message")
        state = State.AWAITING_SERVER_FIRST
        return (channelBinding.gs2Header + clientFirstBare()).encodeToByteArray()
    }

    /** Checks the server-first message [serverFirst] and returns the client-final message with the client proof. */
    public fun handleServerFirst(serverFirst: ByteArray): ByteArray {
        expectState(State.AWAITING_SERVER_FIRST, "server-first message")
        return failOnError {
            val text = decode(serverFirst, "server-first")
            val attributes = parseAttributes(text, "server-first")
            val nonce = attributes.next('r', "server-first")
            validateServerNonce(nonce)
            val salt = decodeBase64(attributes.next('s', "server-first"), "salt")
            if (salt.isEmpty()) throw ScramException("the server sent an empty SCRAM salt")
            val iterations = parseIterations(attributes.next('i', "server-first"))

            val channelBindingAttribute = Base64.getEncoder().encodeToString(channelBinding.gs2Header.encodeToByteArray() + channelBinding.bindingData)
            val clientFinalWithoutProof = "c=$channelBindingAttribute,r=$nonce"
            val authMessage = "${clientFirstBare()},$text,$clientFinalWithoutProof".encodeToByteArray()

            val saltedPassword = hi(passwordBytes, salt, iterations)
            passwordBytes.fill(0)
            val clientKey = hmac(saltedPassword, CLIENT_KEY)
            val clientSignature = hmac(sha256(clientKey), authMessage)
            for (i in clientSignature.indices) clientSignature[i] = (clientSignature[i].toInt() xor clientKey[i].toInt()).toByte()
            expectedServerSignature = hmac(hmac(saltedPassword, SERVER_KEY), authMessage)
            saltedPassword.fill(0)
            clientKey.fill(0)
            state = State.AWAITING_SERVER_FINAL
            "$clientFinalWithoutProof,p=${Base64.getEncoder().encodeToString(clientSignature)}".encodeToByteArray()
        }
    }

    /**
     * Verifies the server-final message [serverFinal]; throws [ServerSignatureMismatchException] when the server's
     * signature is wrong and [ScramServerErrorException] when the server reports an `e=` error.
     */
    public fun verifyServerFinal(serverFinal: ByteArray) {
        expectState(State.AWAITING_SERVER_FINAL, "server-final message")
        failOnError {
            val attributes = parseAttributes(decode(serverFinal, "server-final"), "server-final")
            val verifier = decodeBase64(attributes.next('v', "server-final"), "server signature")
            if (!MessageDigest.isEqual(verifier, expectedServerSignature)) throw ServerSignatureMismatchException()
            state = State.COMPLETE
        }
    }

    override fun toString(): String = "ScramClient(mechanism=$mechanism, state=$state)"

    private fun clientFirstBare(): String = "n=${escapeUsername(username)},r=$clientNonce"

    private fun expectState(expected: State, step: String) {
        if (state != expected) {
            val current = state
            state = State.FAILED
            throw ScramException("SCRAM exchange out of order: $step not expected in state $current")
        }
    }

    private inline fun <T> failOnError(block: () -> T): T = try {
        block()
    } catch (e: Throwable) {
        state = State.FAILED
        passwordBytes.fill(0)
        throw e
    }

    private fun validateServerNonce(nonce: String) {
        if (!nonce.startsWith(clientNonce) || nonce.length == clientNonce.length) {
            throw ScramException("the server's SCRAM nonce does not extend the client nonce")
        }
        if (nonce.any { it.code !in 0x21..0x7e || it == ',' }) {
            throw ScramException("the server's SCRAM nonce contains characters outside printable ASCII")
        }
    }

    private fun parseIterations(value: String): Int {
        val iterations = value.toIntOrNull()
        if (iterations == null || iterations < 1 || iterations > maxIterations) {
            throw ScramException("the server's SCRAM iteration count '${value.take(20)}' is outside the accepted range 1..$maxIterations")
        }
        return iterations
    }

    /** Factories and limits. */
    public companion object {
        /** Default upper bound on the server's iteration count (PostgreSQL's default is 4096). */
        public const val DEFAULT_MAX_ITERATIONS: Int = 1_000_000

        private const val NONCE_BYTES = 18
        private val CLIENT_KEY = "Client Key".encodeToByteArray()
        private val SERVER_KEY = "Server Key".encodeToByteArray()

        private fun newNonce(random: SecureRandom): String =
            Base64.getEncoder().encodeToString(ByteArray(NONCE_BYTES).also(random::nextBytes))
    }
}

/** RFC 5802 `saslname` escaping: `=` and `,` may not appear literally. */
private fun escapeUsername(name: String): String = name.replace("=", "=3D").replace(",", "=2C")

private fun decode(bytes: ByteArray, what: String): String {
    val text = bytes.decodeToString()
    if (text.any { it.code !in 0x20..0x7e }) throw ScramException("the SCRAM $what message contains non-printable bytes")
    return text
}

private fun decodeBase64(value: String, what: String): ByteArray = try {
    Base64.getDecoder().decode(value)
} catch (e: IllegalArgumentException) {
    throw ScramException("the server's SCRAM $what is not valid base64")
}

/** The `name=value` attributes of a server message, read in order; an `e=` attribute ends the exchange. */
private class Attributes(private val items: List<String>) {
    private var index = 0

    fun next(name: Char, message: String): String {
        val item = items.getOrNull(index++)
            ?: throw ScramException("the SCRAM $message message lacks the '$name' attribute")
        if (item.length < 2 || item[1] != '=') throw ScramException("the SCRAM $message message is malformed")
        if (item[0] == 'e') throw ScramServerErrorException(item.substring(2))
        if (item[0] == 'm') throw ScramException("the server requires an unsupported SCRAM extension")
        if (item[0] != name) throw ScramException("the SCRAM $message message has '${item[0]}' where '$name' was expected")
        return item.substring(2)
    }
}

private fun parseAttributes(text: String, message: String): Attributes {
    if (text.isEmpty()) throw ScramException("the SCRAM $message message is empty")
    return Attributes(text.split(','))
}

private fun sha256(data: ByteArray): ByteArray = MessageDigest.getInstance("SHA-256").digest(data)

private fun hmac(key: ByteArray, data: ByteArray): ByteArray = newMac(key).doFinal(data)

/** RFC 5802 Hi(): PBKDF2 with HMAC-SHA-256 and one output block, over raw bytes (the JCA's PBKDF2 takes chars). */
private fun hi(password: ByteArray, salt: ByteArray, iterations: Int): ByteArray {
    val mac = newMac(password)
    mac.update(salt)
    mac.update(byteArrayOf(0, 0, 0, 1))
    val u = mac.doFinal()
    val result = u.copyOf()
    repeat(iterations - 1) {
        mac.update(u)
        mac.doFinal(u, 0)
        for (i in result.indices) result[i] = (result[i].toInt() xor u[i].toInt()).toByte()
    }
    return result
}

private fun newMac(key: ByteArray): Mac = Mac.getInstance("HmacSHA256").apply { init(HmacKey(key)) }

/** A raw HMAC key; unlike SecretKeySpec it accepts an empty key, which SASLprep can produce. */
private class HmacKey(private val key: ByteArray) : SecretKey {
    override fun getAlgorithm(): String = "HmacSHA256"
    override fun getFormat(): String = "RAW"
    override fun getEncoded(): ByteArray = key.copyOf()
}
