package io.databridge.pg.auth

import io.kotest.core.spec.style.FunSpec
import io.kotest.datatest.withData
import io.kotest.matchers.booleans.shouldBeTrue
import io.kotest.matchers.nulls.shouldNotBeNull
import io.kotest.matchers.shouldBe

class SaslPrepSpec : FunSpec({
    test("ASCII passes unchanged, control characters included, as in PostgreSQL") {
        SaslPrep.prepare("pass word") shouldBe "pass word"
        SaslPrep.prepare("a\u0007b") shouldBe "a\u0007b"
    }

    test("non-ASCII spaces map to SPACE, zero-width space included") {
        SaslPrep.prepare("pass\u00A0word") shouldBe "pass word"
        SaslPrep.prepare("a\u2003b\u3000c") shouldBe "a b c"
        SaslPrep.prepare("pass\u200Bword") shouldBe "pass word"
    }

    test("characters commonly mapped to nothing are removed") {
        SaslPrep.prepare("pass\u00ADword") shouldBe "password"
        SaslPrep.prepare("I\u00ADX") shouldBe "IX" // RFC 4013 section 3 example
        SaslPrep.prepare("\uFEFFé\u200D") shouldBe "é"
    }

    test("NFKC normalization applies") {
        SaslPrep.prepare("\u00AA") shouldBe "a" // RFC 4013 section 3 example
        SaslPrep.prepare("\u2168") shouldBe "IX"
        SaslPrep.prepare("\uFF30\uFF41\uFF53\uFF53") shouldBe "Pass"
        SaslPrep.prepare("e\u0301") shouldBe "é"
    }

    test("prohibited characters, broken bidi text, unassigned and empty results are invalid") {
        SaslPrep.prepare("é\u0007x") shouldBe null // ASCII control next to non-ASCII
        SaslPrep.prepare("é\u0085") shouldBe null // non-ASCII control
        SaslPrep.prepare("é\uE000") shouldBe null // private use
        SaslPrep.prepare("é\uFFFF") shouldBe null // non-character
        SaslPrep.prepare("é\uD800") shouldBe null // unpaired surrogate
        SaslPrep.prepare("é\u200E") shouldBe null // left-to-right mark
        SaslPrep.prepare("é\uDB40\uDC01") shouldBe null // tag character U+E0001
        SaslPrep.prepare("\u0627a") shouldBe null // right-to-left mixed with left-to-right
        SaslPrep.prepare("\u06271") shouldBe null // right-to-left not ending in a right-to-left character
        SaslPrep.prepare("\u0627\u0628") shouldBe "\u0627\u0628"
        SaslPrep.prepare("\uD83D\uDE00\u00A0") shouldBe null // emoji: unassigned in Unicode 3.2
        SaslPrep.prepare("\u00AD") shouldBe null
    }

    context("password bytes hash to the verifiers PostgreSQL 15 stored for the same passwords") {
        // Each verifier is rolpassword from pg_authid after `SET password_encryption = 'scram-sha-256';
        // CREATE ROLE r PASSWORD E'...'` with the Java string below, on PostgreSQL 15.20.
        withData(
            nameFn = { it.first },
            "no-break space" to ("pass\u00A0word" to "SCRAM-SHA-256\$4096:/hLAL8K7srwSMNwla6eRBg==\$eWPlP8LtruLBNk083aL2rIPpQNdmaHk8zCagUkKmXk0=:vECTzH88r0z+kTcbIlIAyY/GKywI5fEfR4It8bWBtRk="),
            "soft hyphen" to ("pass\u00ADword" to "SCRAM-SHA-256\$4096:fh5GQnNv7NkoCs/G+7W5LQ==\$RhFxvVsXZQoijtpSsSQ9x1YVSKlOsk34t+CdSLycPeI=:Mf9a3EPp57F5s7pS2fG5t5KuAQiW3ettlDYtBupfkbU="),
            "zero-width space" to ("pass\u200Bword" to "SCRAM-SHA-256\$4096:F8XfFdcCp3+PwZHai9Nx1g==\$FN1TogpplVMa2Bdvfr9sitd4bKcF3cwI4bex/NSDXpg=:LB6T21xP5zjCPKkOyIhhGnx/ozdCdVvTmeqvhf7KQoI="),
            "full-width letters" to ("\uFF30\uFF41\uFF53\uFF53" to "SCRAM-SHA-256\$4096:IUc7gaQkXuETalyaDDwfOA==\$c9mAYQkbjL8WCwAehKITQfOg/vFR8grs/AwQlLjYyoI=:r0EMy1HpFCOT2ccdu9gTrQUizfK680ET38hf414ltdU="),
            "control character falls back to raw bytes" to ("\u00E9\u0007x" to "SCRAM-SHA-256\$4096:z9HHMXSZlibTTGIbAk3auw==\$rv1bFdYvYEGOP5RpLSJ/BwtffmScU1YM9JcuHi4rzIk=:nX7CcQSYh3b/48U96AP20nScGdcbSGpqBrPttFFrZO8="),
            "bidi violation falls back to raw bytes" to ("\u0627a" to "SCRAM-SHA-256\$4096:xEFLT/yRTlp8KKl5jbMJrA==\$HIe05OETVImJYPvNu3v7qciwATjRaaXZ+hv8aj0RWmA=:87CbxFFROwyJ9xgCwRfgtF1hr+F5QRt/XPQq3zCTOho="),
            "empty result falls back to raw bytes" to ("\u00AD" to "SCRAM-SHA-256\$4096:g1Y4gNYpybyFVIg1YXrQ/w==\$YS8qTlaw0SXTLjAEhrR4OY9Gjt3/qW/tu051s/5oeRM=:8ZQsMej4X+sKdQUqVhCAp06oDoxewUAhfJ/kBP9eo64="),
            "emoji (unassigned in Unicode 3.2) falls back to raw bytes" to ("\uD83D\uDE00\u00A0" to "SCRAM-SHA-256\$4096:Wy2IoyNuqotSH7qYW9CUEw==\$avlbSpNICFjqhpFXNRLuGBGBwRWACBsw+kGJndEOHf4=:Ako45NGBL0knUFmPbKsr5KVzDXtRbmn/CCPIjmg4IFY="),
        ) { (_, case) ->
            val (password, verifier) = case
            val server = ScramTestServer(verifier)
            val client = ScramClient(password)
            val serverFinal = server.serverFinal(client.handleServerFirst(server.serverFirst(client.clientFirstMessage())))
            serverFinal.shouldNotBeNull()
            client.verifyServerFinal(serverFinal)
            client.isComplete.shouldBeTrue()
        }
    }
})
