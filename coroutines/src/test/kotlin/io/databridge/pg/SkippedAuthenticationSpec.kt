package io.databridge.pg

import io.databridge.pg.config.AuthMethod
import io.databridge.pg.errors.AuthenticationException
import io.databridge.pg.transport.TestCertificates
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.types.shouldBeInstanceOf
import java.io.DataOutputStream
import java.util.concurrent.CompletableFuture
import java.util.concurrent.TimeUnit

/** A server that goes on to the session without AuthenticationOk must never get a working connection. */
class SkippedAuthenticationSpec : FunSpec({
    fun DataOutputStream.backendKey() = message('K', byteArrayOf(0, 0, 0, 42, 0, 0, 0, 7))

    fun DataOutputStream.readyForQuery() {
        message('Z', byteArrayOf('I'.code.toByte()))
        flush()
    }

    val pki = TestCertificates()
    afterSpec { pki.delete() }

    // Every require_auth value libpq knows, each alone and negated, plus unset and a list; channel binding over TLS.
    val plainSettings = listOf("") +
        AuthMethod.entries.flatMap { listOf("require_auth=${it.libpqName}", "require_auth=!${it.libpqName}") } +
        listOf("require_auth=scram-sha-256,md5")
    val tlsSettings = listOf("", "channel_binding=require", "require_auth=scram-sha-256&channel_binding=require")
    val cases = plainSettings.map { false to it } + tlsSettings.map { true to it }

    for ((overTls, settings) in cases) {
        val name = (if (overTls) "TLS, " else "") + settings.ifEmpty { "no settings" }
        test("ReadyForQuery without any authentication exchange is refused ($name)") {
            FakeServer(if (overTls) pki.serverContext() else null) { input, out ->
                out.readyForQuery()
                input.read()
            }.use { server ->
                val failure = connectFailure(server, settings)
                failure.shouldBeInstanceOf<AuthenticationException>()
                failure.message shouldContain "expected an authentication request from the server, got ReadyForQuery"
            }
        }
    }

    test("BackendKeyData before AuthenticationOk is refused") {
        FakeServer { input, out ->
            out.backendKey()
            out.readyForQuery()
            input.read()
        }.use { server ->
            val failure = connectFailure(server)
            failure.shouldBeInstanceOf<AuthenticationException>()
            failure.message shouldContain "got BackendKeyData"
        }
    }

    test("an authentication request after AuthenticationOk is refused and the password is never sent") {
        val afterRequest = CompletableFuture<Int>()
        FakeServer { input, out ->
            out.message('R', byteArrayOf(0, 0, 0, 0))
            out.message('R', byteArrayOf(0, 0, 0, 3))
            out.flush()
            afterRequest.complete(runCatching { input.read() }.getOrElse { -2 })
        }.use { server ->
            val failure = connectFailure(server, "password=hunter2")
            failure.shouldBeInstanceOf<AuthenticationException>()
            failure.message shouldContain "after authentication had completed"
            failure.message!!.contains("hunter2") shouldBe false
            // The client closed instead of answering: the fake reads end-of-stream, not a PasswordMessage ('p').
            afterRequest.get(30, TimeUnit.SECONDS) shouldBe -1
        }
    }

    test("a trust server that sends AuthenticationOk first still connects") {
        FakeServer { input, out ->
            out.message('R', byteArrayOf(0, 0, 0, 0))
            out.backendKey()
            out.readyForQuery()
            input.read()
        }.use { server ->
            PgConnection.connect(server.url).use { it.isOpen shouldBe true }
        }
    }
})
