package io.databridge.embedded.junit

import io.databridge.embedded.TestDatabase
import io.databridge.embedded.TestDatabases
import org.junit.jupiter.api.extension.AfterAllCallback
import org.junit.jupiter.api.extension.BeforeAllCallback
import org.junit.jupiter.api.extension.ExtensionContext
import org.junit.jupiter.api.extension.ParameterContext
import org.junit.jupiter.api.extension.ParameterResolver

/**
 * JUnit 5/6 extension giving each test class its own database, dropped after the class: use
 * `@ExtendWith(PostgresExtension.class)` or `@RegisterExtension` and take a [TestDatabase] parameter in a test,
 * a lifecycle method or the constructor. The server is `DATABASE_URL`'s when set, else the shared embedded cluster.
 */
public class PostgresExtension : BeforeAllCallback, AfterAllCallback, ParameterResolver {
    /** Creates the class's database. */
    override fun beforeAll(context: ExtensionContext) {
        database(context)
    }

    /** Drops the class's database. */
    override fun afterAll(context: ExtensionContext) {
        store(context).remove(KEY, TestDatabase::class.java)?.let(TestDatabases::drop)
    }

    /** Resolves parameters of type [TestDatabase]. */
    override fun supportsParameter(parameter: ParameterContext, extension: ExtensionContext): Boolean =
        parameter.parameter.type == TestDatabase::class.java

    /** The database of the test's class. */
    override fun resolveParameter(parameter: ParameterContext, extension: ExtensionContext): Any = database(extension)

    private fun database(context: ExtensionContext): TestDatabase {
        val store = store(context)
        val created = store.computeIfAbsent(KEY, { TestDatabases.create(classContext(context).requiredTestClass.simpleName) }, TestDatabase::class.java)
        return checkNotNull(created) { "no test database was created" }
    }

    // One database per top-level test class, shared by its nested classes and methods.
    private fun classContext(context: ExtensionContext): ExtensionContext {
        var current = context
        while (current.parent.isPresent && current.parent.get().testClass.isPresent) current = current.parent.get()
        return current
    }

    private fun store(context: ExtensionContext) = classContext(context).getStore(NAMESPACE)

    private companion object {
        val NAMESPACE: ExtensionContext.Namespace = ExtensionContext.Namespace.create(PostgresExtension::class.java)
        const val KEY = "database"
    }
}
