package io.databridge.dsl.schema.future

import io.databridge.dsl.Table
import io.databridge.dsl.schema.SchemaMismatchException
import java.util.concurrent.CompletionException

/** A blocking check for JUnit 5 tests written in Java. */
public object SchemaAssertions {
    /**
     * Waits for [schema] to compare the database with [tables] and throws the [SchemaMismatchException] (an
     * `AssertionError`, so JUnit reports a failure) listing the differences when they disagree.
     */
    @JvmStatic
    public fun assertSchemaMatches(schema: FutureSchema, vararg tables: Table) {
        try {
            schema.assertSchemaMatches(*tables).join()
        } catch (e: CompletionException) {
            throw e.cause as? SchemaMismatchException ?: e
        }
    }
}
