package io.databridge.pg.observe

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe

class SqlTextSpec : FunSpec({
    test("string, escape, bit, dollar-quoted and numeric literals become ?") {
        SqlText.sanitize("SELECT 'it''s', E'a\\'b', B'101', X'ff', 42, 3.5e2, .5 FROM t WHERE id = -7") shouldBe
            "SELECT ?, ?, ?, ?, ?, ?, ? FROM t WHERE id = -?"
        SqlText.sanitize("DO \$\$ BEGIN RAISE NOTICE 'x'; END \$\$; SELECT \$tag\$secret\$tag\$") shouldBe "DO ?; SELECT ?"
    }

    test("identifiers, quoted identifiers with digits and parameter markers are kept") {
        SqlText.sanitize("SELECT t1.col2, \"Weird 'name' 9\" FROM tab_3 WHERE a = \$1 AND b = \$12") shouldBe
            "SELECT t1.col2, \"Weird 'name' 9\" FROM tab_3 WHERE a = \$1 AND b = \$12"
    }

    test("comments are removed, whatever they hold") {
        SqlText.sanitize("SELECT 1 -- password 'x'\n/* outer /* nested */ still */ FROM t") shouldBe "SELECT ? \n  FROM t"
    }

    test("an unterminated literal swallows the rest rather than leaking it") {
        SqlText.sanitize("SELECT 'never closed secret") shouldBe "SELECT ?"
    }

    test("the first keyword names the operation") {
        SqlText.firstKeyword("  select 1") shouldBe "SELECT"
        SqlText.firstKeyword("/* c */ -- line\n(WITH x AS (SELECT 1) SELECT * FROM x)") shouldBe "WITH"
        SqlText.firstKeyword("insert into t values (\$1)") shouldBe "INSERT"
        SqlText.firstKeyword("  ") shouldBe "UNKNOWN"
    }
})
