package io.databridge.pg.identifiers

import io.databridge.pg.errors.InvalidIdentifierException
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldNotContain

class IdentifiersSpec : FunSpec({
    test("any name PostgreSQL accepts quoted is accepted as given and quoted with each \" doubled") {
        for (name in listOf("Order Items", "O'Reilly", "Straße", "größe", "1st", "a;b --", "x".repeat(63), "é".repeat(31) + "x", "😀")) {
            Identifiers.validate(name, "table") shouldBe name
        }
        Identifiers.quote("Weird\"Name") shouldBe "\"Weird\"\"Name\""
        Identifiers.quote("\"") shouldBe "\"\"\"\""
        Identifiers.quote("plain") shouldBe "\"plain\""
        Identifiers.quoteValid("a\"b\"") shouldBe "\"a\"\"b\"\"\""
    }

    test("only what cannot be an identifier is refused, saying why") {
        shouldThrow<InvalidIdentifierException> { Identifiers.validate("", "table") }.message shouldBe "table name \"\" is empty"
        shouldThrow<InvalidIdentifierException> { Identifiers.validate("a\u0000b", "column") }.message shouldBe
            "column name \"a\\u0000b\" holds a NUL character"
        shouldThrow<InvalidIdentifierException> { Identifiers.validate("é".repeat(32), "table") }.message shouldContain "64 bytes long in UTF-8"
        shouldThrow<InvalidIdentifierException> { Identifiers.validate("😀".repeat(16), "table") }.message shouldContain "64 bytes"
        shouldThrow<InvalidIdentifierException> { Identifiers.validate("a\uD800", "table") }.message shouldContain "unpaired surrogate"
        shouldThrow<InvalidIdentifierException> { Identifiers.quote("") }
        shouldThrow<InvalidIdentifierException> { Identifiers.validate("x".repeat(500), "table") }.message!!.length shouldBe
            "table name \"${"x".repeat(80)}…\" is 500 bytes long in UTF-8; PostgreSQL allows 63 and would truncate it".length
    }

    test("system column names are refused as column names only") {
        for (name in listOf("tableoid", "xmin", "cmin", "xmax", "cmax", "ctid")) {
            shouldThrow<InvalidIdentifierException> { Identifiers.validateColumn(name, "column") }.message shouldContain "system column"
            Identifiers.validate(name, "table") shouldBe name
        }
        Identifiers.validateColumn("Xmin", "column") shouldBe "Xmin"
    }

    test("a refused name is shown without its control characters") {
        Identifiers.printable("a\nb\u007f") shouldBe "\"a\\u000ab\\u007f\""
        Identifiers.printable("y".repeat(100)) shouldNotContain "y".repeat(81)
    }
})
