package io.databridge.pg.errors

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.types.shouldBeInstanceOf
import java.io.IOException

class ClientExceptionsSpec : FunSpec({
    test("ConnectTimeoutException names host, port and timeout") {
        val e = ConnectTimeoutException("db.example", 5433, 2500)
        e.message shouldBe "connecting to db.example:5433 timed out after 2500 ms"
        e.host shouldBe "db.example"
        e.port shouldBe 5433
        e.timeoutMillis shouldBe 2500
    }

    test("ValueEncodingException names the parameter and the reason, not the value") {
        val e = ValueEncodingException(2, "integer 3000000000 does not fit int4")
        e.message shouldBe "parameter \$2 cannot be encoded: integer 3000000000 does not fit int4"
        e.parameterIndex shouldBe 2
        e.reason shouldBe "integer 3000000000 does not fit int4"
        ValueEncodingException(0, "string contains a NUL byte").message shouldBe "value cannot be encoded: string contains a NUL byte"
    }

    test("client-side exceptions keep their cause and share the root type") {
        val cause = IOException("reset by peer")
        ConnectionClosedException("the connection was closed", cause).cause shouldBe cause
        TlsException("the server does not support TLS").shouldBeInstanceOf<DataBridgeException>()
        ValueDecodingException("bad numeric").shouldBeInstanceOf<DataBridgeException>()
        ColumnNotFoundException("no column 'x'").shouldBeInstanceOf<DataBridgeException>()
        TypeMismatchException("text read as Int").shouldBeInstanceOf<DataBridgeException>()
        TransactionFailedException("commit refused", cause).cause shouldBe cause
    }

    test("authentication exceptions form one family") {
        UnsupportedAuthenticationException.forRequestCode(7).message shouldBe
            "the server requested GSSAPI authentication, which data-bridge does not support"
        UnsupportedAuthenticationException.forRequestCode(2).method shouldBe "Kerberos V5"
        UnsupportedAuthenticationException.forRequestCode(8).method shouldBe "GSSAPI"
        UnsupportedAuthenticationException.forRequestCode(9).method shouldBe "SSPI"
        UnsupportedAuthenticationException.forRequestCode(42).method shouldBe "unknown (request code 42)"
        MissingPasswordException("MD5 password").shouldBeInstanceOf<AuthenticationException>()
        ServerSignatureMismatchException().shouldBeInstanceOf<ScramException>()
        ScramServerErrorException("invalid-proof").message shouldBe "the server rejected SCRAM authentication: invalid-proof"
        ChannelBindingException("x").shouldBeInstanceOf<AuthenticationException>()
    }
})
