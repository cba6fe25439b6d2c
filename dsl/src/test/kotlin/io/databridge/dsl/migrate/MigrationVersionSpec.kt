package io.databridge.dsl.migrate

import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain

class MigrationVersionSpec : FunSpec({
    fun v(text: String) = MigrationVersion.parse(text)

    test("versions compare numerically part by part") {
        listOf("2", "1.10", "1", "1.9", "1.1", "10", "2.0.1").map(::v).sorted().map { it.toString() } shouldBe
            listOf("1", "1.1", "1.9", "1.10", "2", "2.0.1", "10")
    }

    test("underscores separate parts like dots, and trailing zero parts do not count") {
        v("2_1") shouldBe v("2.1")
        v("2_1").toString() shouldBe "2.1"
        v("1.0") shouldBe v("1")
        v("1.0").hashCode() shouldBe v("1").hashCode()
        (v("1.0.1") > v("1")) shouldBe true
    }

    test("a malformed version is a MigrationSourceException naming it") {
        for (bad in listOf("", "1.", "a", "1..2", "-1", "1.2b")) {
            shouldThrow<MigrationSourceException> { v(bad) }.message shouldContain "\"$bad\""
        }
    }
})
