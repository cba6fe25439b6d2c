package io.databridge.pg.observe

import io.databridge.embedded.SharedPostgres
import io.databridge.pg.EngineClasses
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldBeEmpty
import io.kotest.matchers.collections.shouldContain
import io.kotest.matchers.collections.shouldNotBeEmpty
import io.kotest.matchers.shouldBe
import java.io.File
import java.net.URLClassLoader
import java.util.function.Function

class Slf4jAbsentSpec : FunSpec({
    test("the engine connects, queries, hears notices and times queries where SLF4J is not on the class path") {
        val classPath = (System.getProperty("surefire.test.class.path") ?: System.getProperty("java.class.path"))
            .split(File.pathSeparator).filter { it.isNotEmpty() }
        val slf4j = classPath.filter { "slf4j" in File(it).name }
        slf4j.shouldNotBeEmpty() // else this test proves nothing: the test run itself must have SLF4J
        val withoutSlf4j = (classPath - slf4j.toSet()).map { File(it).toURI().toURL() }.toTypedArray()
        URLClassLoader(withoutSlf4j, ClassLoader.getPlatformClassLoader()).use { loader ->
            shouldThrow<ClassNotFoundException> { Class.forName("org.slf4j.LoggerFactory", false, loader) }
            @Suppress("UNCHECKED_CAST")
            val probe = loader.loadClass(Slf4jAbsentProbe::class.java.name).getDeclaredConstructor().newInstance()
                as Function<String, String>
            probe.apply(SharedPostgres.server.url()) shouldBe "slf4j=false value=42 open=true"
        }
    }

    test("only io.databridge.pg.logging refers to SLF4J, and only after checking it is there") {
        val referring = EngineClasses.referringTo("org/slf4j/")
        referring.filter { !it.startsWith("io/databridge/pg/logging/") }.shouldBeEmpty()
        referring shouldContain "io/databridge/pg/logging/ConnectionLog.class"
    }
})
