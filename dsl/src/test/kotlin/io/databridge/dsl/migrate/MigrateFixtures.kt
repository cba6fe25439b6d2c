package io.databridge.dsl.migrate

import io.databridge.embedded.TestDatabase
import io.databridge.pg.PgConnection
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.Paths
import kotlin.io.path.copyTo

/** The resource folder holding the test migration sets. */
const val SETS = "migrate-spec"

/** Creates schema [name] afresh in [db] and returns a URL whose `search_path` is it (and [applicationName], if given). */
suspend fun schemaUrl(db: TestDatabase, name: String, applicationName: String? = null): String {
    PgConnection.connect(db.url).use { it.simpleQuery("DROP SCHEMA IF EXISTS $name CASCADE; CREATE SCHEMA $name") }
    return "${db.url}?search_path=$name" + (applicationName?.let { "&application_name=$it" } ?: "")
}

/** Runs [block] on a fresh connection to [url]. */
suspend fun <T> onDb(url: String, block: suspend (PgConnection) -> T): T = PgConnection.connect(url).use { block(it) }

/** The first column of the first row of [sql], as a long. */
suspend fun count(url: String, sql: String): Long = onDb(url) { it.query(sql).rows.single().getLong(0) }

/** Copies the test migration set [set] into a new temporary directory and returns it (for file-edit tests). */
fun copyOfSet(set: String): Path {
    val source = Paths.get(MigrateFixtures::class.java.classLoader.getResource("$SETS/$set")!!.toURI())
    val target = Files.createTempDirectory("migrate-$set")
    Files.list(source).use { files -> files.forEach { it.copyTo(target.resolve(it.fileName)) } }
    return target
}

private object MigrateFixtures
