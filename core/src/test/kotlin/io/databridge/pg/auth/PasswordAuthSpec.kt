package io.databridge.pg.auth

import io.databridge.pg.errors.AuthenticationException
import io.databridge.pg.errors.MissingPasswordException
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldNotContain

class PasswordAuthSpec : FunSpec({
    test("MD5 matches what PostgreSQL computes") {
        // psql: SELECT 'md5' || md5(convert_to(md5('secret' || 'alice'), 'UTF8') || '\x01020304'::bytea);
        PasswordAuth.md5("alice", "secret", byteArrayOf(1, 2, 3, 4)).decodeToString() shouldBe
            "md598a0412b9c31436fc53776e863350083"
        // psql: SELECT 'md5' || md5(convert_to(md5('pässwörd' || 'bob'), 'UTF8') || '\xdeadbeef'::bytea);
        PasswordAuth.md5("bob", "pässwörd", byteArrayOf(0xde.toByte(), 0xad.toByte(), 0xbe.toByte(), 0xef.toByte()))
            .decodeToString() shouldBe "md5fd1538af06c083e5e04eac094cc7e563"
    }

    test("MD5 refuses a salt that is not 4 bytes, without echoing the password") {
        shouldThrow<AuthenticationException> { PasswordAuth.md5("alice", "secret", byteArrayOf(1, 2, 3)) }
            .message.also { it shouldBe "MD5 authentication needs a 4-byte salt, the server sent 3 bytes" }
            .shouldNotContain("secret")
    }

    test("cleartext is the UTF-8 password") {
        PasswordAuth.cleartext("pässword").toList() shouldBe "pässword".encodeToByteArray().toList()
    }

    test("a missing or empty password is a typed error naming the method") {
        shouldThrow<MissingPasswordException> { PasswordAuth.cleartext(null) }.message shouldBe
            "the server requested cleartext password authentication but no password was supplied"
        shouldThrow<MissingPasswordException> { PasswordAuth.cleartext("") }
        shouldThrow<MissingPasswordException> { PasswordAuth.md5("alice", null, byteArrayOf(1, 2, 3, 4)) }
            .method shouldBe "MD5 password"
    }
})
