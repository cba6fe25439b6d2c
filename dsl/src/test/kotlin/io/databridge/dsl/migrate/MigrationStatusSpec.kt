package io.databridge.dsl.migrate

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldBeEmpty
import io.kotest.matchers.shouldBe
import java.time.OffsetDateTime

/** The pure merge of resolved migrations and history rows, and validation over it. */
class MigrationStatusSpec : FunSpec({
    fun file(name: String, text: String = "SELECT 1;") = MigrationFiles.migration(name, "test:$name") { text }!!

    var rank = 0
    fun row(m: Migration, success: Boolean = true, checksum: String? = m.checksum) = AppliedMigration(
        ++rank, m.version, m.description, m.type, m.script, checksum, "me", OffsetDateTime.now(), 1, success,
    )

    fun baseline(version: String) = AppliedMigration(
        ++rank, MigrationVersion.parse(version), "<< Baseline >>", MigrationType.BASELINE, "<< Baseline >>", null, "me",
        OffsetDateTime.now(), 0, true,
    )

    val v1 = file("V1__one.sql")
    val v2 = file("V2__two.sql")
    val v3 = file("V3__three.sql")
    val r = file("R__view.sql")

    fun states(status: MigrationStatus) = status.migrations.map { it.script to it.state }

    test("nothing applied: every migration is pending, versioned ones in order, repeatable ones last") {
        val status = MigrationStatus.merge(listOf(r, v2, v1), emptyList())
        states(status) shouldBe listOf("V1__one.sql" to MigrationState.PENDING, "V2__two.sql" to MigrationState.PENDING, "R__view.sql" to MigrationState.PENDING)
        status.toRun(outOfOrder = false) shouldBe listOf(v1, v2, r)
        status.currentVersion shouldBe null
    }

    test("applied, changed, missing, failed and out-of-order migrations get their states and validation problems") {
        val edited = file("V1__one.sql", "SELECT 'edited';")
        val gone = file("V4__gone.sql")
        val history = listOf(row(v1), row(v3), row(gone), row(file("V5__broken.sql"), success = false))
        val status = MigrationStatus.merge(listOf(edited, v2, v3), history)
        states(status) shouldBe listOf(
            "V1__one.sql" to MigrationState.APPLIED,
            "V2__two.sql" to MigrationState.OUT_OF_ORDER,
            "V3__three.sql" to MigrationState.APPLIED,
            "V4__gone.sql" to MigrationState.MISSING,
            "V5__broken.sql" to MigrationState.FAILED,
        )
        status.migrations.first().checksumChanged shouldBe true
        status.currentVersion shouldBe MigrationVersion.parse("4")
        ValidateCommand.problems(status, outOfOrder = false).map { it.script to it.issue } shouldBe listOf(
            "V1__one.sql" to ValidationIssue.CHECKSUM_MISMATCH,
            "V2__two.sql" to ValidationIssue.OUT_OF_ORDER,
            "V4__gone.sql" to ValidationIssue.MISSING,
            "V5__broken.sql" to ValidationIssue.FAILED,
        )
        ValidateCommand.problems(status, outOfOrder = true).map { it.issue } shouldBe
            listOf(ValidationIssue.CHECKSUM_MISMATCH, ValidationIssue.MISSING, ValidationIssue.FAILED)
    }

    test("a repeatable migration is outdated when its latest row has another checksum, applied when it has the same") {
        val changed = file("R__view.sql", "SELECT 2;")
        val history = listOf(row(r), row(changed), row(r))
        MigrationStatus.merge(listOf(r), history).migrations.single().state shouldBe MigrationState.APPLIED
        val status = MigrationStatus.merge(listOf(changed), history)
        status.migrations.single().state shouldBe MigrationState.OUTDATED
        status.toRun(outOfOrder = false) shouldBe listOf(changed)
        ValidateCommand.problems(status, outOfOrder = false).shouldBeEmpty()
    }

    test("versions at or below the baseline are never pending, newer ones are") {
        val status = MigrationStatus.merge(listOf(v1, v2, v3), listOf(baseline("2")))
        states(status) shouldBe listOf(
            "V1__one.sql" to MigrationState.BELOW_BASELINE,
            "<< Baseline >>" to MigrationState.BASELINE,
            "V2__two.sql" to MigrationState.BELOW_BASELINE,
            "V3__three.sql" to MigrationState.PENDING,
        )
        status.toRun(outOfOrder = false) shouldBe listOf(v3)
        ValidateCommand.problems(status, outOfOrder = false).shouldBeEmpty()
    }
})
