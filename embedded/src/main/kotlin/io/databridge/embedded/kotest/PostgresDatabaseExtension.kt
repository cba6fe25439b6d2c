package io.databridge.embedded.kotest

import io.databridge.embedded.TestDatabase
import io.databridge.embedded.TestDatabases
import io.kotest.core.extensions.MountableExtension
import io.kotest.core.listeners.AfterSpecListener
import io.kotest.core.spec.Spec

/**
 * Gives a spec its own database, dropped after the spec: `val db = install(PostgresDatabaseExtension())`.
 * The server is `DATABASE_URL`'s when set, else the project-wide shared embedded cluster (see [TestDatabases]).
 */
public class PostgresDatabaseExtension @JvmOverloads public constructor(
    private val label: String = "spec",
) : MountableExtension<Unit, TestDatabase>, AfterSpecListener {
    private var database: TestDatabase? = null

    /** Creates the spec's database when the spec installs this extension. */
    override fun mount(configure: Unit.() -> Unit): TestDatabase {
        check(database == null) { "install a new PostgresDatabaseExtension() in each spec" }
        return TestDatabases.create(label).also { database = it }
    }

    /** Drops the spec's database. */
    override suspend fun afterSpec(spec: Spec) {
        database?.let(TestDatabases::drop)
        database = null
    }
}
