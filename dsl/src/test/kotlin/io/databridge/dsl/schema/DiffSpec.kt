package io.databridge.dsl.schema

import io.databridge.dsl.Table
import io.databridge.dsl.engineConnection
import io.databridge.dsl.schema.SchemaChange.AddColumn
import io.databridge.dsl.schema.SchemaChange.AddConstraint
import io.databridge.dsl.schema.SchemaChange.AddEnumValue
import io.databridge.dsl.schema.SchemaChange.AlterColumnType
import io.databridge.dsl.schema.SchemaChange.CreateIndex
import io.databridge.dsl.schema.SchemaChange.CreateTable
import io.databridge.dsl.schema.SchemaChange.DropColumn
import io.databridge.dsl.schema.SchemaChange.DropConstraint
import io.databridge.dsl.schema.SchemaChange.DropEnumValue
import io.databridge.dsl.schema.SchemaChange.DropIndex
import io.databridge.dsl.schema.SchemaChange.DropTable
import io.databridge.dsl.schema.SchemaChange.RecreateGeneratedColumn
import io.databridge.dsl.schema.SchemaChange.SetComment
import io.databridge.dsl.schema.SchemaChange.SetDefault
import io.databridge.dsl.schema.SchemaChange.SetIdentity
import io.databridge.dsl.schema.SchemaChange.SetNotNull
import io.databridge.dsl.schema.SchemaChange.ValidateConstraint
import io.databridge.pg.PgConnection
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldBeEmpty
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.nulls.shouldBeNull
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.types.shouldBeInstanceOf
import java.nio.file.Files

private val SCHEMAS = listOf("df_col", "df_con", "df_enum", "df_misc", "df_gen", "df_gcol")

/**
 * Creates [before] in a fresh [schema] and returns the diff against [after]; with [searchPath] the schema becomes the
 * current one, for tables and enum types declared without a schema.
 */
private suspend fun PgConnection.evolve(
    schema: String,
    before: List<Table>,
    after: List<Table>,
    options: DiffOptions = DiffOptions(),
    searchPath: Boolean = false,
): SchemaDiff {
    simpleQuery("DROP SCHEMA IF EXISTS $schema CASCADE; CREATE SCHEMA $schema" + if (searchPath) "; SET search_path = $schema" else "")
    create(*before.toTypedArray())
    return diff(*after.toTypedArray(), options = options)
}

/** The one planned change of type [C] that [matches]. */
private inline fun <reified C : SchemaChange> SchemaDiff.change(matches: (C) -> Boolean = { true }): PlannedChange =
    changes.single { it.change is C && matches(it.change as C) }

private fun PlannedChange.rules(): List<String> = findings.map { it.rule }

class DiffSpec : FunSpec({
    afterSpec { engineConnection("DROP SCHEMA IF EXISTS ${SCHEMAS.joinToString()} CASCADE").close() }

    test("column changes: types, nullability, defaults, comments, new and dropped columns, each classified") {
        engineConnection().use { conn ->
            val diff = conn.evolve("df_col", listOf(ColumnsBefore), listOf(ColumnsAfter))
            diff.change<AlterColumnType> { it.column == "name" }.safety shouldBe Safety.SAFE
            diff.change<AlterColumnType> { it.column == "price" }.safety shouldBe Safety.SAFE
            val code = diff.change<AlterColumnType> { it.column == "code" }
            code.statements.single() shouldBe "ALTER TABLE \"df_col\".\"items\" ALTER COLUMN \"code\" TYPE integer USING \"code\"::integer"
            code.rules() shouldContainExactly listOf("type-change-rewrite")
            diff.change<AlterColumnType> { it.column == "qty" }.rules() shouldContainExactly listOf("type-change-rewrite")
            diff.change<AlterColumnType> { it.column == "short" }.safety shouldBe Safety.DESTRUCTIVE
            diff.change<SetNotNull> { it.column == "note" }.rules() shouldContainExactly listOf("set-not-null")
            diff.change<SetDefault> { it.column == "flag" }.safety shouldBe Safety.SAFE
            diff.change<SetDefault> { it.column == "label" }.statements.single() shouldContain "DROP DEFAULT"
            diff.change<SetComment> { it.column == "name" }.safety shouldBe Safety.SAFE
            diff.change<AddColumn> { it.column.name == "created" }.safety shouldBe Safety.SAFE
            diff.change<AddColumn> { it.column.name == "token" }.rules() shouldContainExactly listOf("add-column-volatile-default")
            diff.change<AddColumn> { it.column.name == "extra" }.safety shouldBe Safety.SAFE
            val drop = diff.change<DropColumn> { it.column == "legacy" }
            drop.safety shouldBe Safety.DESTRUCTIVE
            diff.withheld.map { it.change::class } shouldContainExactly listOf(AlterColumnType::class, DropColumn::class)
            diff.statements.none { "DROP COLUMN" in it || "varying(10)" in it } shouldBe true

            conn.applyDiff(diff)
            val remaining = conn.diff(ColumnsAfter)
            remaining.changes.map { it.change::class } shouldContainExactly listOf(AlterColumnType::class, DropColumn::class)
            remaining.statements.shouldBeEmpty()

            conn.applyDiff(conn.diff(ColumnsAfter, options = DiffOptions(allowDestructive = true)))
            conn.diff(ColumnsAfter).isEmpty shouldBe true
            CatalogReader(conn).readTable("df_col", "items")!!.column("legacy").shouldBeNull()
        }
    }

    test("keys, checks and indexes added to an existing table lock it; each is reported with its rule") {
        engineConnection().use { conn ->
            val diff = conn.evolve("df_con", listOf(ConParent, ConChildBefore, ConNoKeyBefore), listOf(ConParent, ConChildAfter, ConNoKeyAfter))
            diff.change<AddConstraint> { it.constraint is ForeignKeyDef }.rules() shouldContainExactly listOf("foreign-key-without-not-valid")
            diff.change<AddConstraint> { it.constraint is UniqueDef }.rules() shouldContainExactly listOf("add-unique-constraint")
            diff.change<AddConstraint> { it.constraint is PrimaryKeyDef }.rules() shouldContainExactly listOf("add-unique-constraint")
            diff.change<AddConstraint> { it.constraint is CheckDef }.rules() shouldContainExactly listOf("check-without-not-valid")
            diff.change<CreateIndex> { it.index.name == "child_status_idx" }.rules() shouldContainExactly listOf("index-without-concurrently")
            diff.changes.all { it.safety == Safety.LOCKING } shouldBe true
            conn.applyDiff(diff)
            conn.diff(ConParent, ConChildAfter, ConNoKeyAfter).isEmpty shouldBe true
        }
    }

    test("with NOT VALID constraints and concurrent indexes the same changes are safe, and converge") {
        engineConnection().use { conn ->
            val options = DiffOptions(notValidConstraints = true, concurrentIndexes = true)
            val diff = conn.evolve("df_con", listOf(ConParent, ConChildBefore), listOf(ConParent, ConChildAfter), options)
            diff.change<AddConstraint> { it.constraint is ForeignKeyDef }.let {
                it.safety shouldBe Safety.SAFE
                it.statements.single() shouldContain "NOT VALID"
            }
            diff.change<AddConstraint> { it.constraint is CheckDef }.safety shouldBe Safety.SAFE
            diff.changes.filter { it.change is ValidateConstraint }.size shouldBe 2
            val index = diff.change<CreateIndex> { it.index.name == "child_status_idx" }
            index.safety shouldBe Safety.SAFE
            index.transactional shouldBe false
            index.statements.single() shouldContain "CREATE INDEX CONCURRENTLY"
            conn.applyDiff(diff)
            conn.diff(ConParent, ConChildAfter).isEmpty shouldBe true
        }
    }

    test("with NOT VALID constraints, SET NOT NULL is proven by a validated check first and is safe") {
        engineConnection().use { conn ->
            val diff = conn.evolve("df_col", listOf(ColumnsBefore), listOf(ColumnsAfter), DiffOptions(notValidConstraints = true))
            val note = diff.changes.dropWhile { it.change !is AddConstraint }.take(4)
            note.flatMap { it.statements } shouldContainExactly listOf(
                "ALTER TABLE \"df_col\".\"items\" ADD CONSTRAINT \"items_note_not_null\" CHECK (\"note\" IS NOT NULL) NOT VALID",
                "ALTER TABLE \"df_col\".\"items\" VALIDATE CONSTRAINT \"items_note_not_null\"",
                "ALTER TABLE \"df_col\".\"items\" ALTER COLUMN \"note\" SET NOT NULL",
                "ALTER TABLE \"df_col\".\"items\" DROP CONSTRAINT \"items_note_not_null\"",
            )
            note.all { it.safety == Safety.SAFE } shouldBe true
            conn.applyDiff(diff)
            CatalogReader(conn).readTables("df_col").single().let { items ->
                items.column("note")!!.notNull shouldBe true
                items.checks.shouldBeEmpty()
            }
        }
    }

    test("changed and removed constraints and indexes are dropped and recreated") {
        engineConnection().use { conn ->
            val diff = conn.evolve("df_con", listOf(ConParent, ConChildAfter), listOf(ConParent, ConChildChanged))
            diff.change<DropConstraint> { it.name == "child_email_key" }.safety shouldBe Safety.SAFE
            diff.change<DropConstraint> { it.name == "child_qty_check" }
            diff.change<AddConstraint> { it.constraint.name == "child_qty_check" }.rules() shouldContainExactly listOf("check-without-not-valid")
            diff.change<DropConstraint> { it.name == "child_parent_id_fkey" }
            (diff.change<AddConstraint> { it.constraint.name == "child_parent_id_fkey" }.change as AddConstraint)
                .constraint.shouldBeInstanceOf<ForeignKeyDef>().onDelete shouldBe ReferenceAction.CASCADE
            diff.change<DropIndex> { it.name == "child_status_idx" }
            diff.change<CreateIndex> { it.index.name == "child_status_idx" }.statements.single() shouldContain "WHERE"
            diff.changes.none { it.change is CreateIndex && (it.change as CreateIndex).index.name == "child_email_ci_idx" } shouldBe true
            conn.applyDiff(diff)
            conn.diff(ConParent, ConChildChanged).isEmpty shouldBe true
        }
    }

    test("enum values are added in place; a new table and its keys are safe; a dropped value is only reported") {
        engineConnection().use { conn ->
            val diff = conn.evolve("df_enum", listOf(EnumBefore), listOf(EnumAfter, EnumNewTable), searchPath = true)
            val added = diff.changes.filter { it.change is AddEnumValue }
            added.flatMap { it.statements } shouldContainExactly listOf(
                "ALTER TYPE \"df_mood\" ADD VALUE E'CALM' AFTER E'HAPPY'",
                "ALTER TYPE \"df_mood\" ADD VALUE E'ANGRY' AFTER E'SAD'",
            )
            added.all { it.safety == Safety.SAFE } shouldBe true
            diff.change<CreateTable>().safety shouldBe Safety.SAFE
            diff.change<AddConstraint> { it.newTable }.safety shouldBe Safety.SAFE
            conn.applyDiff(diff)
            conn.diff(EnumAfter, EnumNewTable).isEmpty shouldBe true

            val fewer = conn.diff(EnumFewer, options = DiffOptions(allowDestructive = true))
            fewer.changes.map { it.change }.filterIsInstance<DropEnumValue>().map { it.label } shouldContainExactly listOf("CALM", "SAD", "ANGRY")
            fewer.changes.all { it.safety == Safety.DESTRUCTIVE && "drop-enum-value" in it.rules() } shouldBe true
            fewer.statements.shouldBeEmpty()
        }
    }

    test("identity, table comments and undeclared tables in a pruned schema") {
        engineConnection().use { conn ->
            conn.evolve("df_misc", listOf(MiscBefore), listOf(MiscAfter))
            conn.execute("CREATE TABLE df_misc.stray (x int)")
            val diff = conn.diff(MiscAfter, options = DiffOptions(pruneSchemas = setOf("df_misc")))
            diff.change<SetIdentity>().statements.single() shouldBe "ALTER TABLE \"df_misc\".\"misc\" ALTER COLUMN \"id\" ADD GENERATED BY DEFAULT AS IDENTITY"
            diff.changes.indexOf(diff.change<SetDefault>()) shouldBe diff.changes.indexOf(diff.change<SetIdentity>()) - 1
            diff.change<SetComment> { it.column == null }.statements.single() shouldBe "COMMENT ON TABLE \"df_misc\".\"misc\" IS E'new'"
            val dropTable = diff.change<DropTable>()
            dropTable.rules() shouldContainExactly listOf("drop-table")
            diff.withheld shouldContainExactly listOf(dropTable)
            conn.applyDiff(conn.diff(MiscAfter, options = DiffOptions(pruneSchemas = setOf("df_misc"), allowDestructive = true)))
            conn.diff(MiscAfter, options = DiffOptions(pruneSchemas = setOf("df_misc"))).isEmpty shouldBe true
            CatalogReader(conn).tableNames("df_misc") shouldContainExactly listOf("misc")
            val back = conn.diff(MiscBefore)
            back.change<SetIdentity>().statements.single() shouldContain "DROP IDENTITY"
            back.changes.indexOf(back.change<SetDefault>()) shouldBe back.changes.indexOf(back.change<SetIdentity>()) + 1
            conn.applyDiff(back)
            conn.diff(MiscBefore).isEmpty shouldBe true
        }
    }

    test("a changed generation expression recomputes the column; identity switches between ALWAYS and BY DEFAULT") {
        engineConnection().use { conn ->
            val diff = conn.evolve("df_gcol", listOf(GeneratedBefore), listOf(GeneratedAfter))
            conn.execute("INSERT INTO df_gcol.priced (price) VALUES (5)")
            diff.change<RecreateGeneratedColumn>().let {
                it.rules() shouldContainExactly listOf("add-column-volatile-default")
                it.statements.size shouldBe 2
            }
            diff.change<SetIdentity>().statements.single() shouldBe
                "ALTER TABLE \"df_gcol\".\"priced\" ALTER COLUMN \"id\" SET GENERATED BY DEFAULT"
            conn.applyDiff(diff)
            conn.diff(GeneratedAfter).isEmpty shouldBe true
            conn.query("SELECT doubled FROM df_gcol.priced").rows.single().getInt(0) shouldBe 15
        }
    }

    test("generateMigration writes the next V file, which brings the database to the objects and lints as the diff did") {
        engineConnection().use { conn ->
            conn.evolve("df_gen", listOf(GenBefore), listOf(GenAfter))
            val dir = Files.createTempDirectory("migrations")
            Files.writeString(dir.resolve("V1__init.sql"), "SELECT 1")
            Files.writeString(dir.resolve("V2.1__more.sql"), "SELECT 1")
            Files.writeString(dir.resolve("R__views.sql"), "SELECT 1")
            val file = conn.generateMigration(dir, GenAfter, description = "add rating")!!
            file.fileName.toString() shouldBe "V3__add_rating.sql"
            val sql = Files.readString(file)
            sql shouldContain "-- LOCKING: create index films_title_idx"
            val findings = lintSql(sql, file.fileName.toString())
            findings.map { it.finding.rule } shouldContainExactly listOf("index-without-concurrently")
            findings.single().line shouldBe sql.lines().indexOfFirst { it.startsWith("CREATE INDEX") } + 1
            conn.simpleQuery(sql)
            conn.generateMigration(dir, GenAfter).shouldBeNull()
            conn.diff(GenAfter).isEmpty shouldBe true
        }
    }

    test("assertSchemaMatches passes on a match and lists every difference otherwise") {
        engineConnection().use { conn ->
            conn.evolve("df_gen", listOf(GenAfter), listOf(GenAfter))
            conn.assertSchemaMatches(GenAfter)
            conn.execute("ALTER TABLE df_gen.films ADD COLUMN stray int4, ALTER COLUMN rating SET NOT NULL")
            val failure = shouldThrow<SchemaMismatchException> { conn.assertSchemaMatches(GenAfter) }
            failure.shouldBeInstanceOf<AssertionError>()
            failure.differences shouldContainExactly listOf(
                "SAFE: allow NULL in df_gen.films.rating",
                "DESTRUCTIVE: drop column df_gen.films.stray [drop-column] (not emitted)",
            )
            failure.message!! shouldContain "does not match the table objects"
        }
    }
})
