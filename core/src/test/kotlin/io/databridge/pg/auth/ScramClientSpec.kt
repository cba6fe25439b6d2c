package io.databridge.pg.auth

import io.databridge.pg.errors.MissingPasswordException
import io.databridge.pg.errors.ScramException
import io.databridge.pg.errors.ScramServerErrorException
import io.databridge.pg.errors.ServerSignatureMismatchException
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.booleans.shouldBeFalse
import io.kotest.matchers.booleans.shouldBeTrue
import io.kotest.matchers.shouldBe
import io.kotest.matchers.shouldNotBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldNotContain
import io.kotest.matchers.string.shouldStartWith
import java.security.SecureRandom
import java.util.Base64

// RFC 7677 section 3: user "user", password "pencil".
private const val RFC_CLIENT_NONCE = "rOprNGfwEbeRWgbNEkqO"
private const val RFC_SERVER_FIRST = "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF\$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096"
private const val RFC_CLIENT_FINAL =
    "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF\$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ="
private const val RFC_SERVER_FINAL = "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4="

private fun rfcClient(password: String = "pencil", maxIterations: Int = ScramClient.DEFAULT_MAX_ITERATIONS) =
    ScramClient(password, ChannelBinding.Disabled, RFC_CLIENT_NONCE, maxIterations, username = "user")

/** A client that has sent client-first with the RFC nonce and awaits server-first. */
private fun awaitingServerFirst(maxIterations: Int = ScramClient.DEFAULT_MAX_ITERATIONS) =
    rfcClient(maxIterations = maxIterations).also { it.clientFirstMessage() }

class ScramClientSpec : FunSpec({
    test("reproduces the RFC 7677 SCRAM-SHA-256 exchange exactly") {
        val client = rfcClient()
        client.mechanism shouldBe "SCRAM-SHA-256"
        client.clientFirstMessage().decodeToString() shouldBe "n,,n=user,r=$RFC_CLIENT_NONCE"
        client.handleServerFirst(RFC_SERVER_FIRST.encodeToByteArray()).decodeToString() shouldBe RFC_CLIENT_FINAL
        client.isComplete.shouldBeFalse()
        client.verifyServerFinal(RFC_SERVER_FINAL.encodeToByteArray())
        client.isComplete.shouldBeTrue()
    }

    test("PostgreSQL's client-first has an empty user name and a fresh random nonce") {
        val first = ScramClient("pw").clientFirstMessage().decodeToString()
        first shouldStartWith "n,,n=,r="
        val nonce = first.removePrefix("n,,n=,r=")
        nonce.length shouldBe 24
        Base64.getDecoder().decode(nonce).size shouldBe 18
        ScramClient("pw").clientFirstMessage().decodeToString() shouldNotBe first
    }

    test("the nonce comes from the injected SecureRandom") {
        val random = SecureRandom.getInstance("SHA1PRNG").apply { setSeed(42L) }
        val expected = Base64.getEncoder().encodeToString(
            ByteArray(18).also(SecureRandom.getInstance("SHA1PRNG").apply { setSeed(42L) }::nextBytes),
        )
        ScramClient("pw", random = random).clientFirstMessage().decodeToString() shouldBe "n,,n=,r=$expected"
    }

    test("user names with = and , are escaped as RFC 5802 saslname") {
        ScramClient("pw", ChannelBinding.Disabled, "abc", 10, username = "a=b,c").clientFirstMessage().decodeToString() shouldBe
            "n,,n=a=3Db=2Cc,r=abc"
    }

    test("a wrong server signature is rejected") {
        val client = awaitingServerFirst()
        client.handleServerFirst(RFC_SERVER_FIRST.encodeToByteArray())
        val forged = Base64.getDecoder().decode(RFC_SERVER_FINAL.removePrefix("v=")).also { it[0] = (it[0] + 1).toByte() }
        shouldThrow<ServerSignatureMismatchException> {
            client.verifyServerFinal(("v=" + Base64.getEncoder().encodeToString(forged)).encodeToByteArray())
        }
        client.isComplete.shouldBeFalse()
    }

    test("a server that does not know the password cannot complete the exchange") {
        val client = rfcClient(password = "not pencil").also { it.clientFirstMessage() }
        client.handleServerFirst(RFC_SERVER_FIRST.encodeToByteArray()).decodeToString() shouldNotBe RFC_CLIENT_FINAL
        shouldThrow<ServerSignatureMismatchException> { client.verifyServerFinal(RFC_SERVER_FINAL.encodeToByteArray()) }
    }

    test("a server nonce that does not extend the client nonce is rejected") {
        shouldThrow<ScramException> {
            awaitingServerFirst().handleServerFirst("r=someoneElsesNonce123,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096".encodeToByteArray())
        }.message shouldBe "the server's SCRAM nonce does not extend the client nonce"
        shouldThrow<ScramException> {
            awaitingServerFirst().handleServerFirst("r=$RFC_CLIENT_NONCE,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096".encodeToByteArray())
        }
        shouldThrow<ScramException> {
            awaitingServerFirst().handleServerFirst("r=${RFC_CLIENT_NONCE}ab cd,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096".encodeToByteArray())
        }.message shouldContain "printable"
    }

    test("absurd iteration counts are refused before any hashing") {
        for (count in listOf("0", "-1", "4097", "99999999999999999999999", "abc", "")) {
            shouldThrow<ScramException> {
                awaitingServerFirst(maxIterations = 4096)
                    .handleServerFirst("r=${RFC_CLIENT_NONCE}x,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=$count".encodeToByteArray())
            }.message shouldContain "outside the accepted range 1..4096"
        }
    }

    test("an e= error from the server is surfaced with its value") {
        val client = awaitingServerFirst()
        client.handleServerFirst(RFC_SERVER_FIRST.encodeToByteArray())
        shouldThrow<ScramServerErrorException> { client.verifyServerFinal("e=invalid-proof".encodeToByteArray()) }
            .serverError shouldBe "invalid-proof"
        shouldThrow<ScramServerErrorException> { awaitingServerFirst().handleServerFirst("e=other-error".encodeToByteArray()) }
            .serverError shouldBe "other-error"
    }

    test("malformed server messages fail with a typed exception") {
        val cases = listOf(
            "" to "empty",
            "s=W22ZaJ0SNY7soEsUEjb6gQ==,r=${RFC_CLIENT_NONCE}x,i=4096" to "'s' where 'r' was expected",
            "r=${RFC_CLIENT_NONCE}x,s=W22ZaJ0SNY7soEsUEjb6gQ==" to "lacks the 'i' attribute",
            "r=${RFC_CLIENT_NONCE}x,s=not*base64,i=4096" to "not valid base64",
            "r=${RFC_CLIENT_NONCE}x,s=,i=4096" to "empty SCRAM salt",
            "m=ext,r=${RFC_CLIENT_NONCE}x,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096" to "unsupported SCRAM extension",
            "r${RFC_CLIENT_NONCE}x" to "malformed",
            "r=${RFC_CLIENT_NONCE}x\u0000,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096" to "non-printable",
        )
        for ((message, expected) in cases) {
            shouldThrow<ScramException> { awaitingServerFirst().handleServerFirst(message.encodeToByteArray()) }
                .message shouldContain expected
        }
        val client = awaitingServerFirst()
        client.handleServerFirst(RFC_SERVER_FIRST.encodeToByteArray())
        shouldThrow<ScramException> { client.verifyServerFinal("x=1".encodeToByteArray()) }
    }

    test("steps out of order fail, and a failed client stays failed") {
        shouldThrow<ScramException> { rfcClient().handleServerFirst(RFC_SERVER_FIRST.encodeToByteArray()) }
            .message shouldContain "out of order"
        shouldThrow<ScramException> { awaitingServerFirst().verifyServerFinal(RFC_SERVER_FINAL.encodeToByteArray()) }
        val client = awaitingServerFirst()
        shouldThrow<ScramException> { client.clientFirstMessage() }
        shouldThrow<ScramException> { client.handleServerFirst(RFC_SERVER_FIRST.encodeToByteArray()) }
        val done = rfcClient()
        done.clientFirstMessage()
        done.handleServerFirst(RFC_SERVER_FIRST.encodeToByteArray())
        done.verifyServerFinal(RFC_SERVER_FINAL.encodeToByteArray())
        shouldThrow<ScramException> { done.verifyServerFinal(RFC_SERVER_FINAL.encodeToByteArray()) }
    }

    test("a missing or empty password is a typed error") {
        shouldThrow<MissingPasswordException> { ScramClient(null) }.message shouldBe
            "the server requested SCRAM-SHA-256 authentication but no password was supplied"
        shouldThrow<MissingPasswordException> { ScramClient("", ChannelBinding.TlsServerEndPoint(ByteArray(32))) }
            .method shouldBe "SCRAM-SHA-256-PLUS"
    }

    test("the password never shows in toString or messages") {
        val client = rfcClient(password = "pencil")
        client.toString() shouldBe "ScramClient(mechanism=SCRAM-SHA-256, state=INITIAL)"
        client.clientFirstMessage()
        val e = shouldThrow<ScramException> { client.handleServerFirst("r=bad,s=x,i=1".encodeToByteArray()) }
        e.message shouldNotContain "pencil"
        client.toString() shouldNotContain "pencil"
    }

    test("the GS2 header follows the channel binding: n, y, or p=tls-server-end-point with the certificate hash") {
        val hash = ByteArray(32) { it.toByte() }
        val cases = listOf(
            Triple(ChannelBinding.Disabled, "n,,", ByteArray(0)),
            Triple(ChannelBinding.NotOfferedByServer, "y,,", ByteArray(0)),
            Triple(ChannelBinding.TlsServerEndPoint(hash), "p=tls-server-end-point,,", hash),
        )
        for ((binding, header, data) in cases) {
            val client = ScramClient("pencil", binding, RFC_CLIENT_NONCE, 4096, username = "")
            client.clientFirstMessage().decodeToString() shouldBe "${header}n=,r=$RFC_CLIENT_NONCE"
            val final = client.handleServerFirst(RFC_SERVER_FIRST.encodeToByteArray()).decodeToString()
            final shouldStartWith "c=${Base64.getEncoder().encodeToString(header.encodeToByteArray() + data)},r="
        }
        ScramClient("pw", ChannelBinding.TlsServerEndPoint(hash)).mechanism shouldBe "SCRAM-SHA-256-PLUS"
        ScramClient("pw", ChannelBinding.NotOfferedByServer).mechanism shouldBe "SCRAM-SHA-256"
    }

    test("an exchange against a PostgreSQL-made verifier succeeds, also with channel binding") {
        // Verifier PostgreSQL 15 stored for PASSWORD 'pass word' (SELECT rolpassword FROM pg_authid).
        val verifier = "SCRAM-SHA-256\$4096:CKlEtcsSJW+q9HRJuCfkEQ==\$lmrxcGEYw17F5pyvVgBg4iExqlU10f0oSauJQRJtFhU=:" +
            "XSpSqEbSEi6OMN1k3jPgi2RnY38fuIE4nUljsTT4TJ0="
        val hash = ByteArray(32) { 7 }
        for (binding in listOf(ChannelBinding.Disabled, ChannelBinding.TlsServerEndPoint(hash))) {
            val server = ScramTestServer(verifier)
            val client = ScramClient("pass word", binding)
            val serverFinal = server.serverFinal(client.handleServerFirst(server.serverFirst(client.clientFirstMessage())))
            client.verifyServerFinal(serverFinal ?: error("the server rejected the client proof"))
            client.isComplete.shouldBeTrue()
            server.channelBindingAttribute shouldBe
                Base64.getEncoder().encodeToString(binding.gs2Header.encodeToByteArray() + binding.bindingData)
        }
    }
})
