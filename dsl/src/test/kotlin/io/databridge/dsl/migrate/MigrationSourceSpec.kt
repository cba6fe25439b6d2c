package io.databridge.dsl.migrate

import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.net.URLClassLoader
import java.nio.file.Files
import java.util.jar.JarEntry
import java.util.jar.JarOutputStream
import kotlin.io.path.createDirectories
import kotlin.io.path.outputStream
import kotlin.io.path.writeText

class MigrationSourceSpec : FunSpec({
    test("a classpath folder on disk gives its SQL files with names, versions, types and locations") {
        val migrations = MigrationSource.of("classpath:$SETS/basic").migrations()
        migrations.map { Triple(it.script, it.version?.toString(), it.type) } shouldBe listOf(
            Triple("R__author_names.sql", null, MigrationType.REPEATABLE),
            Triple("V1_1__create_book.sql", "1.1", MigrationType.SQL),
            Triple("V1__create_author.sql", "1", MigrationType.SQL),
            Triple("V2__seed_and_function.sql", "2", MigrationType.SQL),
        )
        migrations.first().location shouldBe "classpath:$SETS/basic/R__author_names.sql"
        migrations.first().description shouldBe "author names"
    }

    test("a classpath folder inside a jar is scanned, subfolders included, other files ignored") {
        val jar = Files.createTempFile("migrations", ".jar")
        JarOutputStream(jar.outputStream()).use { out ->
            // Directory entries as jar tools write them: class loaders find a folder by its entry.
            for (folder in listOf("db/", "db/jarred/", "db/jarred/sub/", "db/other/")) {
                out.putNextEntry(JarEntry(folder))
                out.closeEntry()
            }
            for ((name, text) in listOf(
                "db/jarred/V1__first.sql" to "CREATE TABLE a (id int);",
                "db/jarred/sub/V2__second.sql" to "CREATE TABLE b (id int);",
                "db/jarred/README.txt" to "not a migration",
                "db/other/V9__elsewhere.sql" to "SELECT 1;",
            )) {
                out.putNextEntry(JarEntry(name))
                out.write(text.toByteArray())
                out.closeEntry()
            }
        }
        URLClassLoader(arrayOf(jar.toUri().toURL()), null).use { loader ->
            val migrations = MigrationSource.of("classpath:db/jarred", loader).migrations()
            migrations.map { it.script } shouldBe listOf("V1__first.sql", "V2__second.sql")
            migrations[1].location shouldBe "classpath:db/jarred/sub/V2__second.sql"
            migrations[0].checksum shouldBe MigrationChecksum.of("CREATE TABLE a (id int);")
        }
    }

    test("a filesystem directory is scanned; a V/R .sql file with a malformed name is refused, naming it") {
        val dir = Files.createTempDirectory("migrations")
        dir.resolve("V1__ok.sql").writeText("SELECT 1;")
        dir.resolve("notes.md").writeText("ignored")
        MigrationSource.of("filesystem:$dir").migrations().map { it.script } shouldBe listOf("V1__ok.sql")

        dir.resolve("V2_missing_separator.sql").writeText("SELECT 2;")
        shouldThrow<MigrationSourceException> { MigrationSource.of("filesystem:$dir").migrations() }.message shouldContain
            "V2_missing_separator.sql: a migration file must be named V<version>__<description>.sql"
    }

    test("a transactional file that controls the transaction itself is refused with file and line; savepoints are fine") {
        val dir = Files.createTempDirectory("control")
        dir.resolve("V1__savepoints.sql").writeText("SAVEPOINT s;\nROLLBACK TO SAVEPOINT s;\n")
        MigrationSource.of("filesystem:$dir").migrations().size shouldBe 1
        dir.resolve("V2__commits.sql").writeText("CREATE TABLE t (id int);\n\ncommit;\n")
        shouldThrow<MigrationSourceException> { MigrationSource.of("filesystem:$dir").migrations() }.message shouldContain
            "V2__commits.sql, line 3: \"commit\" controls the transaction"
        dir.resolve("V2__commits.sql").writeText("-- databridge:no-transaction\nCREATE TABLE t (id int);\ncommit;\n")
        MigrationSource.of("filesystem:$dir").migrations().size shouldBe 2
    }

    test("a location that does not exist is an error, not an empty set") {
        shouldThrow<MigrationSourceException> { MigrationSource.of("classpath:$SETS/nope").migrations() }.message shouldContain
            "classpath:$SETS/nope was not found"
        shouldThrow<MigrationSourceException> { MigrationSource.of("filesystem:/no/such/dir").migrations() }.message shouldContain
            "/no/such/dir does not exist"
    }

    test("two migrations with one version, across locations, are refused naming both") {
        val first = Files.createTempDirectory("a")
        val second = Files.createTempDirectory("b").also { it.resolve("sub").createDirectories() }
        first.resolve("V1__one.sql").writeText("SELECT 1;")
        second.resolve("sub/V1.0__other.sql").writeText("SELECT 1;")
        val error = shouldThrow<MigrationSourceException> {
            MigrationResolver.resolve(listOf(MigrationSource.directory(first), MigrationSource.directory(second)))
        }
        error.message shouldContain "version 1 is defined twice"
        error.message shouldContain "V1__one.sql"
        error.message shouldContain "V1.0__other.sql"
    }
})
