package io.databridge.pg.config

import io.databridge.pg.auth.ChannelBindingMode
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.datatest.withData
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldNotContain
import java.nio.file.Path
import java.time.Duration

class OptionsSpec : FunSpec({
    test("defaults") {
        val c = parseClean("user=u")
        c.sslMode shouldBe SslMode.PREFER
        c.sslNegotiation shouldBe SslNegotiation.POSTGRES
        c.channelBinding shouldBe ChannelBindingMode.PREFER
        c.targetSessionAttrs shouldBe TargetSessionAttrs.ANY
        c.loadBalanceHosts shouldBe LoadBalanceHosts.DISABLE
        c.connectTimeout shouldBe Duration.ofSeconds(10)
        c.keepalives shouldBe true
        c.keepalivesIdle shouldBe null
        c.keepalivesInterval shouldBe null
        c.keepalivesCount shouldBe null
        c.tcpUserTimeout shouldBe null
        c.gssEncMode shouldBe GssEncMode.DISABLE
        c.requireAuth shouldBe RequireAuth.ANY
        c.minProtocolVersion shouldBe ProtocolVersion.V3_0
        c.maxProtocolVersion shouldBe ProtocolVersion.V3_0
        c.statementCacheSize shouldBe 256
        c.fetchSize shouldBe 0
        c.defaultQueryTimeout shouldBe null
        c.poolMaxSize shouldBe 10
        c.poolMinSize shouldBe 0
        c.poolAcquireTimeout shouldBe Duration.ofSeconds(30)
        c.poolMaxLifetime shouldBe Duration.ofMinutes(30)
        c.poolIdleTimeout shouldBe Duration.ofMinutes(10)
        c.passFile shouldBe EMPTY_HOME.resolve(".pgpass")
        c.notes shouldBe emptyList()
    }

    context("sslmode accepts libpq's six spellings") {
        withData(SslMode.entries.toList()) { mode ->
            parseClean("sslmode=${mode.libpqName}").sslMode shouldBe mode
        }
    }

    context("sslnegotiation spellings") {
        withData(SslNegotiation.entries.toList()) {
            parseClean("sslmode=require sslnegotiation=${it.libpqName}").sslNegotiation shouldBe it
        }
    }
    context("channel_binding spellings") {
        withData(ChannelBindingMode.entries.toList()) {
            parseClean("channel_binding=${it.libpqName}").channelBinding shouldBe it
        }
    }
    context("target_session_attrs spellings") {
        withData(TargetSessionAttrs.entries.toList()) {
            parseClean("target_session_attrs=${it.libpqName}").targetSessionAttrs shouldBe it
        }
    }
    context("load_balance_hosts spellings") {
        withData(LoadBalanceHosts.entries.toList()) {
            parseClean("load_balance_hosts=${it.libpqName}").loadBalanceHosts shouldBe it
        }
    }

    context("a bad value names the key and the value") {
        withData(
            "sslmode", "sslnegotiation", "channel_binding", "target_session_attrs", "load_balance_hosts",
            "gssencmode", "min_protocol_version", "max_protocol_version", "connect_timeout", "keepalives",
            "keepalives_idle", "keepalives_interval", "keepalives_count", "tcp_user_timeout", "statement_cache_size",
            "fetch_size", "default_query_timeout", "slow_query_threshold", "pool_max_size", "pool_min_size", "pool_acquire_timeout",
            "pool_max_lifetime", "pool_idle_timeout", "replication", "require_auth",
        ) { key ->
            shouldRejectKey("$key=wobble", key).message shouldContain "wobble"
        }
    }

    test("sslrootcert, sslcert, sslkey, sslpassword, passfile") {
        val c = parseClean("sslrootcert=/r.crt sslcert=/c.crt sslkey=/c.key sslpassword=kp passfile=/pp")
        c.sslRootCert shouldBe "/r.crt"
        c.usesSystemTrustStore shouldBe false
        c.sslCert shouldBe "/c.crt"
        c.sslKey shouldBe "/c.key"
        c.sslPassword shouldBe "kp"
        c.passFile shouldBe Path.of("/pp")
    }

    test("sslrootcert=system makes verify-full the default and refuses weaker modes") {
        val c = parseClean("sslrootcert=system")
        c.usesSystemTrustStore shouldBe true
        c.sslMode shouldBe SslMode.VERIFY_FULL
        shouldRejectKey("sslrootcert=system sslmode=verify-ca", "sslmode").message shouldContain "verify-ca"
    }

    test("sslnegotiation=direct needs sslmode require or stronger") {
        shouldRejectKey("sslnegotiation=direct", "sslnegotiation").message shouldContain "prefer"
        parseClean("sslnegotiation=direct sslmode=verify-full").sslNegotiation shouldBe SslNegotiation.DIRECT
    }

    test("channel_binding=require cannot be combined with sslmode=disable") {
        shouldRejectKey("channel_binding=require sslmode=disable", "channel_binding")
    }

    test("connect_timeout: seconds, below 2 raised to 2, 0 and negative mean indefinitely") {
        parseClean("connect_timeout=10").connectTimeout shouldBe Duration.ofSeconds(10)
        parseClean("connect_timeout=1").connectTimeout shouldBe Duration.ofSeconds(2)
        parseClean("connect_timeout=0").connectTimeout shouldBe null
        parseClean("connect_timeout=-5").connectTimeout shouldBe null
        parseClean("connect_timeout=' 12 '").connectTimeout shouldBe Duration.ofSeconds(12)
        shouldRejectKey("connect_timeout=1.5", "connect_timeout")
    }

    test("application_name, fallback_application_name, options, search_path") {
        val c = parseClean(
            "application_name=app fallback_application_name=fb options='-c statement_timeout=5s' " +
                "search_path='\"My Schema\",public'",
        )
        c.applicationName shouldBe "app"
        c.fallbackApplicationName shouldBe "fb"
        c.options shouldBe "-c statement_timeout=5s"
        c.searchPath shouldBe "\"My Schema\",public"
    }

    test("keepalives settings") {
        val c = parseClean("keepalives=0 keepalives_idle=30 keepalives_interval=5 keepalives_count=4 tcp_user_timeout=1500")
        c.keepalives shouldBe false
        c.keepalivesIdle shouldBe Duration.ofSeconds(30)
        c.keepalivesInterval shouldBe Duration.ofSeconds(5)
        c.keepalivesCount shouldBe 4
        c.tcpUserTimeout shouldBe Duration.ofMillis(1500)
        parseClean("keepalives=1").keepalives shouldBe true
        shouldRejectKey("keepalives_idle=-1", "keepalives_idle").message shouldContain "-1"
        shouldRejectKey("tcp_user_timeout=-1", "tcp_user_timeout")
    }

    test("replication: false spellings and database accepted, physical replication refused clearly") {
        parseClean("replication=false").user shouldBe System.getProperty("user.name")
        parseClean("replication=0").user shouldBe System.getProperty("user.name")
        parseClean("replication=false").isLogicalReplication shouldBe false
        parseClean("replication=database").isLogicalReplication shouldBe true
        parseClean("replication=database").startupParameters()["replication"] shouldBe "database"
        shouldRejectKey("replication=true", "replication").message shouldContain "physical replication) is not supported"
    }

    test("gssencmode: disable accepted, prefer degrades with a note, require is not supported") {
        parseClean("gssencmode=disable").notes shouldBe emptyList()
        val preferred = parseClean("gssencmode=prefer")
        preferred.gssEncMode shouldBe GssEncMode.DISABLE
        preferred.notes.single() shouldContain "gssencmode"
        shouldRejectKey("gssencmode=require", "gssencmode").message shouldContain "not supported"
    }

    test("client_encoding: only UTF8 spellings") {
        parseClean("client_encoding=UTF8").startupParameters()["client_encoding"] shouldBe "UTF8"
        parseClean("client_encoding=utf-8").startupParameters()["client_encoding"] shouldBe "UTF8"
        shouldRejectKey("client_encoding=LATIN1", "client_encoding").message shouldContain "LATIN1"
    }

    context("require_auth") {
        test("a list of accepted methods") {
            val r = parseClean("require_auth=scram-sha-256,none").requireAuth
            r.allows(AuthMethod.SCRAM_SHA_256) shouldBe true
            r.allows(AuthMethod.NONE) shouldBe true
            r.allows(AuthMethod.MD5) shouldBe false
            r.allows(AuthMethod.PASSWORD) shouldBe false
        }
        test("a list of refused methods with '!'") {
            val r = parseClean("require_auth=!password,!md5").requireAuth
            r.allows(AuthMethod.PASSWORD) shouldBe false
            r.allows(AuthMethod.MD5) shouldBe false
            r.allows(AuthMethod.SCRAM_SHA_256) shouldBe true
            r.negated shouldBe true
        }
        test("every method when unset") {
            AuthMethod.entries.all { RequireAuth.ANY.allows(it) } shouldBe true
        }
        test("mixing '!' and plain methods is an error") {
            shouldRejectKey("require_auth=md5,!password", "require_auth").message shouldContain "mixed"
        }
        test("a repeated method is an error") {
            shouldRejectKey("require_auth=md5,md5", "require_auth").message shouldContain "more than once"
        }
        test("refusing every method is an error") {
            shouldRejectKey(
                "require_auth=" + AuthMethod.entries.joinToString(",") { "!" + it.libpqName },
                "require_auth",
            )
        }
        test("a typed value round-trips through the builder") {
            val r = RequireAuth.parse("!gss,!sspi")
            ConnectionConfig.builder(emptyMap(), EMPTY_HOME).requireAuth(r).build().requireAuth shouldBe r
        }
    }

    context("protocol versions") {
        test("3.0, 3.2 and latest") {
            parseClean("max_protocol_version=3.2").maxProtocolVersion shouldBe ProtocolVersion.V3_2
            parseClean("max_protocol_version=latest").maxProtocolVersion shouldBe ProtocolVersion.V3_2
            parseClean("min_protocol_version=3.0 max_protocol_version=3.0").maxProtocolVersion shouldBe
                ProtocolVersion.V3_0
            ProtocolVersion.V3_2.code shouldBe 0x00030002
        }
        test("a minimum above 3.0 raises the default maximum to latest") {
            parseClean("min_protocol_version=3.2").maxProtocolVersion shouldBe ProtocolVersion.V3_2
        }
        test("min above max is an error") {
            shouldRejectKey("min_protocol_version=3.2 max_protocol_version=3.0", "min_protocol_version")
        }
        test("3.1 is not a version") {
            shouldRejectKey("max_protocol_version=3.1", "max_protocol_version")
        }
    }

    context("data-bridge's own settings") {
        test("statement cache and fetch size") {
            val c = parseClean("statement_cache_size=0 fetch_size=500")
            c.statementCacheSize shouldBe 0
            c.fetchSize shouldBe 500
            shouldRejectKey("statement_cache_size=-1", "statement_cache_size")
            shouldRejectKey("fetch_size=-3", "fetch_size")
        }
        test("durations with and without units") {
            parseClean("default_query_timeout=15").defaultQueryTimeout shouldBe Duration.ofSeconds(15)
            parseClean("default_query_timeout=250ms").defaultQueryTimeout shouldBe Duration.ofMillis(250)
            parseClean("default_query_timeout=0").defaultQueryTimeout shouldBe null
            parseClean("slow_query_threshold=200ms").slowQueryThreshold shouldBe Duration.ofMillis(200)
            parseClean("slow_query_threshold=0").slowQueryThreshold shouldBe null
            parseClean("pool_acquire_timeout=2s").poolAcquireTimeout shouldBe Duration.ofSeconds(2)
            parseClean("pool_max_lifetime=2h").poolMaxLifetime shouldBe Duration.ofHours(2)
            parseClean("pool_max_lifetime=0").poolMaxLifetime shouldBe null
            parseClean("pool_idle_timeout=5min").poolIdleTimeout shouldBe Duration.ofMinutes(5)
            parseClean("pool_idle_timeout=1d").poolIdleTimeout shouldBe Duration.ofDays(1)
            parseClean("pool_idle_timeout=0").poolIdleTimeout shouldBe null
            shouldRejectKey("default_query_timeout='5 years'", "default_query_timeout")
            shouldRejectKey("pool_idle_timeout=-1s", "pool_idle_timeout")
            shouldRejectKey("pool_acquire_timeout=0", "pool_acquire_timeout")
            shouldRejectKey("pool_max_lifetime=99999999999999999999d", "pool_max_lifetime")
        }
        test("pool sizes") {
            val c = parseClean("pool_max_size=4 pool_min_size=2")
            c.poolMaxSize shouldBe 4
            c.poolMinSize shouldBe 2
            shouldRejectKey("pool_max_size=0", "pool_max_size")
            shouldRejectKey("pool_min_size=5 pool_max_size=4", "pool_min_size").message shouldContain "5"
        }
    }

    test("typed builder setters produce the same configuration as the string") {
        val fromString = parseClean(
            "host=a,b port=1,2 dbname=d user=u sslmode=verify-full sslnegotiation=direct channel_binding=require " +
                "target_session_attrs=read-write load_balance_hosts=random connect_timeout=3 keepalives=0 " +
                "keepalives_idle=9 keepalives_interval=4 keepalives_count=2 tcp_user_timeout=700 " +
                "statement_cache_size=10 fetch_size=100 default_query_timeout=1500ms pool_max_size=3 " +
                "pool_min_size=1 pool_acquire_timeout=5s pool_max_lifetime=0 pool_idle_timeout=60s " +
                "min_protocol_version=3.0 max_protocol_version=3.2 application_name=x search_path=s",
        )
        val fromSetters = ConnectionConfig.builder(emptyMap(), EMPTY_HOME)
            .hosts(listOf(HostSpec.Tcp("a", 1), HostSpec.Tcp("b", 2)))
            .database("d").user("u")
            .sslMode(SslMode.VERIFY_FULL).sslNegotiation(SslNegotiation.DIRECT)
            .channelBinding(ChannelBindingMode.REQUIRE)
            .targetSessionAttrs(TargetSessionAttrs.READ_WRITE).loadBalanceHosts(LoadBalanceHosts.RANDOM)
            .connectTimeout(Duration.ofMillis(2500)).keepalives(false)
            .keepalivesIdle(Duration.ofSeconds(9)).keepalivesInterval(Duration.ofSeconds(4)).keepalivesCount(2)
            .tcpUserTimeout(Duration.ofMillis(700))
            .statementCacheSize(10).fetchSize(100).defaultQueryTimeout(Duration.ofMillis(1500))
            .poolMaxSize(3).poolMinSize(1).poolAcquireTimeout(Duration.ofSeconds(5))
            .poolMaxLifetime(null).poolIdleTimeout(Duration.ofMinutes(1))
            .minProtocolVersion(ProtocolVersion.V3_0).maxProtocolVersion(ProtocolVersion.V3_2)
            .applicationName("x").searchPath("s")
            .build()
        fromSetters.hosts shouldBe fromString.hosts
        fromSetters.connectTimeout shouldBe Duration.ofSeconds(3)
        fromSetters.poolIdleTimeout shouldBe fromString.poolIdleTimeout
        fromSetters.defaultQueryTimeout shouldBe fromString.defaultQueryTimeout
        fromSetters.toUri() shouldBe fromString.toUri()
    }

    test("a Unix socket host set through the builder") {
        val c = ConnectionConfig.builder(emptyMap(), EMPTY_HOME).hosts(listOf(HostSpec.UnixSocket("/tmp", 5433))).build()
        c.hosts shouldBe listOf(HostSpec.UnixSocket("/tmp", 5433))
    }

    test("a NUL character in a value is refused, naming the key") {
        val e = shouldThrow<InvalidConfigException> {
            ConnectionConfig.builder(emptyMap(), EMPTY_HOME).applicationName("a\u0000b").build()
        }
        e.key shouldBe "application_name"
        val p = shouldThrow<InvalidConfigException> {
            ConnectionConfig.builder(emptyMap(), EMPTY_HOME).password("pw\u0000secret").build()
        }
        p.key shouldBe "password"
        p.message shouldNotContain "secret"
    }

    test("typed durations: negative ones are refused naming the key, sub-millisecond parts round up") {
        val b = { ConnectionConfig.builder(emptyMap(), EMPTY_HOME) }
        shouldThrow<InvalidConfigException> { b().poolIdleTimeout(Duration.ofSeconds(-1)) }.key shouldBe
            "pool_idle_timeout"
        shouldThrow<InvalidConfigException> { b().connectTimeout(Duration.ofMillis(-5)) }.key shouldBe
            "connect_timeout"
        shouldThrow<InvalidConfigException> { b().tcpUserTimeout(Duration.ofMillis(-5)).build() }.key shouldBe
            "tcp_user_timeout"
        b().defaultQueryTimeout(Duration.ofNanos(1_500_001)).build().defaultQueryTimeout shouldBe Duration.ofMillis(2)
        b().defaultQueryTimeout(Duration.ofNanos(999_999_999)).build().defaultQueryTimeout shouldBe Duration.ofSeconds(1)
        b().keepalivesIdle(Duration.ofMillis(1001)).build().keepalivesIdle shouldBe Duration.ofSeconds(2)
    }

    test("a value containing '://' is not mistaken for a URI") {
        parseClean("application_name='see http://example'").applicationName shouldBe "see http://example"
    }

    test("set and unset by key") {
        val b = ConnectionConfig.builder(emptyMap(), EMPTY_HOME).set("application_name", "x")
        b.build().applicationName shouldBe "x"
        b.set("application_name", null).build().applicationName shouldBe null
        shouldThrow<InvalidConfigException> { b.set("nonsense", "1") }.key shouldBe "nonsense"
    }
})
