package io.databridge.pg.config

import io.databridge.pg.auth.ChannelBindingMode
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.shouldBe
import java.nio.file.Path
import java.time.Duration

class EnvironmentSpec : FunSpec({
    val fullEnv = mapOf(
        "PGHOST" to "envhost1,envhost2",
        "PGPORT" to "6001,6002",
        "PGDATABASE" to "envdb",
        "PGUSER" to "envuser",
        "PGPASSWORD" to "envpass",
        "PGPASSFILE" to "/etc/pgpass-test",
        "PGSSLMODE" to "verify-ca",
        "PGSSLNEGOTIATION" to "direct",
        "PGSSLROOTCERT" to "/certs/root.crt",
        "PGSSLCERT" to "/certs/client.crt",
        "PGSSLKEY" to "/certs/client.key",
        "PGAPPNAME" to "envapp",
        "PGOPTIONS" to "-c work_mem=64MB",
        "PGCONNECT_TIMEOUT" to "7",
        "PGTARGETSESSIONATTRS" to "standby",
        "PGLOADBALANCEHOSTS" to "random",
        "PGCHANNELBINDING" to "require",
        "PGREQUIREAUTH" to "scram-sha-256",
        "PGMINPROTOCOLVERSION" to "3.2",
        "PGMAXPROTOCOLVERSION" to "latest",
        "PGCLIENTENCODING" to "UTF8",
    )

    test("every PG* variable supplies its setting") {
        val c = ConnectionConfig.fromEnvironment(fullEnv, EMPTY_HOME)
        c.hosts shouldContainExactly listOf(HostSpec.Tcp("envhost1", 6001), HostSpec.Tcp("envhost2", 6002))
        c.database shouldBe "envdb"
        c.user shouldBe "envuser"
        c.password shouldBe "envpass"
        c.passFile shouldBe Path.of("/etc/pgpass-test")
        c.sslMode shouldBe SslMode.VERIFY_CA
        c.sslNegotiation shouldBe SslNegotiation.DIRECT
        c.sslRootCert shouldBe "/certs/root.crt"
        c.sslCert shouldBe "/certs/client.crt"
        c.sslKey shouldBe "/certs/client.key"
        c.applicationName shouldBe "envapp"
        c.options shouldBe "-c work_mem=64MB"
        c.connectTimeout shouldBe Duration.ofSeconds(7)
        c.targetSessionAttrs shouldBe TargetSessionAttrs.STANDBY
        c.loadBalanceHosts shouldBe LoadBalanceHosts.RANDOM
        c.channelBinding shouldBe ChannelBindingMode.REQUIRE
        c.requireAuth shouldBe RequireAuth.parse("scram-sha-256")
        c.minProtocolVersion shouldBe ProtocolVersion.V3_2
        c.maxProtocolVersion shouldBe ProtocolVersion.V3_2
    }

    test("PGHOSTADDR supplies hostaddr") {
        ConnectionConfig.fromEnvironment(mapOf("PGHOSTADDR" to "192.0.2.1"), EMPTY_HOME).hosts shouldContainExactly
            listOf(HostSpec.Tcp("192.0.2.1", 5432, "192.0.2.1"))
    }

    test("PGGSSENCMODE=prefer is accepted and noted") {
        ConnectionConfig.fromEnvironment(mapOf("PGGSSENCMODE" to "prefer"), EMPTY_HOME).notes.size shouldBe 1
    }

    test("the connection string beats the environment, key by key") {
        val env = fullEnv - "PGPORT" - "PGSSLNEGOTIATION"
        val c = parseClean("postgresql://urluser@urlhost/urldb?sslmode=disable&channel_binding=prefer", env)
        c.user shouldBe "urluser"
        c.database shouldBe "urldb"
        c.hosts shouldContainExactly listOf(HostSpec.Tcp("urlhost", 5432))
        c.sslMode shouldBe SslMode.DISABLE
        // Settings the string leaves out still come from the environment.
        c.applicationName shouldBe "envapp"
        c.password shouldBe "envpass"
    }

    test("PGPORT's list must still match the URI's host count, as in libpq") {
        shouldRejectKey("postgresql://urlhost/db", "port", mapOf("PGPORT" to "6001,6002"))
    }

    test("a URI host with PGPORT from the environment: one env port applies to the host") {
        val c = parseClean("postgresql://urlhost/db", mapOf("PGPORT" to "6543"))
        c.hosts shouldContainExactly listOf(HostSpec.Tcp("urlhost", 6543))
    }

    test("explicit setters after parsing beat the string, which beats the environment") {
        val env = mapOf("PGUSER" to "envuser", "PGAPPNAME" to "envapp", "PGSSLMODE" to "require")
        val c = ConnectionConfig.builder(env, EMPTY_HOME)
            .parse("user=stringuser application_name=stringapp")
            .user("explicit")
            .build()
        c.user shouldBe "explicit"
        c.applicationName shouldBe "stringapp"
        c.sslMode shouldBe SslMode.REQUIRE
    }

    test("copy derives a changed configuration and keeps the rest") {
        val base = parseClean("postgresql://u@h/db?application_name=a")
        val changed = base.copy { user("v").statementCacheSize(0) }
        changed.user shouldBe "v"
        changed.statementCacheSize shouldBe 0
        changed.applicationName shouldBe "a"
        base.user shouldBe "u"
    }

    test("a bad environment value is ignored when the string overrides it, as in libpq") {
        parseClean("sslmode=require", mapOf("PGSSLMODE" to "bogus")).sslMode shouldBe SslMode.REQUIRE
    }

    test("a bad environment value that is used is reported with its key") {
        shouldRejectKey("", "sslmode", mapOf("PGSSLMODE" to "bogus"))
    }

    test("empty environment variables are ignored") {
        parseClean("", mapOf("PGUSER" to "", "PGPORT" to "")).hosts shouldContainExactly
            listOf(HostSpec.Tcp("localhost", 5432))
    }

    test("the default user is the operating-system user, the default database the user") {
        val c = ConnectionConfig.fromEnvironment(emptyMap(), EMPTY_HOME)
        c.user shouldBe System.getProperty("user.name")
        c.database shouldBe c.user
    }

    test("the default password file is .pgpass in HOME") {
        ConnectionConfig.fromEnvironment(mapOf("HOME" to "/home/someone")).passFile shouldBe
            Path.of("/home/someone/.pgpass")
        ConnectionConfig.fromEnvironment(emptyMap(), Path.of("/h")).passFile shouldBe Path.of("/h/.pgpass")
    }

    test("PGDATESTYLE, PGTZ and PGGEQO become startup parameters; 'default' is skipped") {
        val c = ConnectionConfig.fromEnvironment(
            mapOf("PGDATESTYLE" to "ISO, DMY", "PGTZ" to "Europe/Paris", "PGGEQO" to "default", "PGUSER" to "u"),
            EMPTY_HOME,
        )
        c.startupParameters()["datestyle"] shouldBe "ISO, DMY"
        c.startupParameters()["timezone"] shouldBe "Europe/Paris"
        c.startupParameters().containsKey("geqo") shouldBe false
    }
})
