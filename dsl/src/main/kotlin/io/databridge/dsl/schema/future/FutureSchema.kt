package io.databridge.dsl.schema.future

import io.databridge.dsl.Table
import io.databridge.dsl.future.callContextOf
import io.databridge.dsl.schema.DiffOptions
import io.databridge.dsl.schema.SchemaDiff
import io.databridge.dsl.schema.SchemaModel
import io.databridge.dsl.schema.applyDiff
import io.databridge.dsl.schema.assertSchemaMatches
import io.databridge.dsl.schema.create
import io.databridge.dsl.schema.createStatements
import io.databridge.dsl.schema.diff
import io.databridge.dsl.schema.drop
import io.databridge.dsl.schema.dropStatements
import io.databridge.dsl.schema.generateMigration
import io.databridge.dsl.schema.readSchema
import io.databridge.pg.PgSession
import io.databridge.pg.future.FacadeScope
import io.databridge.pg.future.FuturePgConnection
import io.databridge.pg.future.FuturePgPool
import io.databridge.pg.future.FutureTransaction
import java.nio.file.Path
import java.util.concurrent.CompletableFuture
import kotlin.coroutines.CoroutineContext
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.withContext

/**
 * Schema work from Java: create and drop tables from their objects, diff them against the database, apply or
 * write the diff, check that they match. Each call returns a [CompletableFuture] that completes where the futures of
 * the engine facade it was made from complete (see `DataBridge`), on the event loop when made from a Kotlin session;
 * failures complete it exceptionally with the typed exception as the cause.
 */
public class FutureSchema private constructor(
    private val session: PgSession,
    private val context: CoroutineContext,
    private val scope: FacadeScope,
) {
    /** Creates [tables] and their enum types in dependency order, in one transaction. */
    public fun create(vararg tables: Table): CompletableFuture<Void?> = call { session.create(*tables); null }

    /** Creates [tables] and their enum types, leaving existing ones alone. */
    public fun createIfNotExists(vararg tables: Table): CompletableFuture<Void?> = call { session.create(*tables, ifNotExists = true); null }

    /** Drops [tables] and their enum types; [ifExists] tolerates missing ones, [cascade] drops dependants too. */
    public fun drop(ifExists: Boolean, cascade: Boolean, vararg tables: Table): CompletableFuture<Void?> =
        call { session.drop(*tables, ifExists = ifExists, cascade = cascade); null }

    /** What the catalog holds for [tables]. */
    public fun read(vararg tables: Table): CompletableFuture<SchemaModel> = call { session.readSchema(*tables) }

    /** The diff that makes the database match [tables], with the default options (destructive changes withheld). */
    public fun diff(vararg tables: Table): CompletableFuture<SchemaDiff> = call { session.diff(*tables) }

    /** The diff that makes the database match [tables], planned with [options]. */
    public fun diff(options: DiffOptions, vararg tables: Table): CompletableFuture<SchemaDiff> = call { session.diff(*tables, options = options) }

    /** Runs the emitted statements of [diff]. */
    public fun applyDiff(diff: SchemaDiff): CompletableFuture<Void?> = call { session.applyDiff(diff); null }

    /** Writes the diff against [tables] as the next `V<n>__<description>.sql` in [directory]; completes with null when there is nothing to write. */
    public fun generateMigration(directory: Path, description: String, vararg tables: Table): CompletableFuture<Path?> =
        // Writing the file blocks, which the event loop the call may resume on must never do.
        call { withContext(Dispatchers.IO) { session.generateMigration(directory, *tables, description = description) } }

    /** Completes normally when the database matches [tables], else exceptionally with a `SchemaMismatchException`. */
    public fun assertSchemaMatches(vararg tables: Table): CompletableFuture<Void?> = call { session.assertSchemaMatches(*tables); null }

    override fun toString(): String = "FutureSchema($session)"

    private fun <T> call(block: suspend CoroutineScope.() -> T): CompletableFuture<T> = scope.call(context, block)

    /** Where Java code gets a [FutureSchema], and the statements without a database. */
    public companion object {
        /** Schema work on [connection]. */
        @JvmStatic
        public fun of(connection: FuturePgConnection): FutureSchema = of(connection.connection, FacadeScope.of(connection))

        /** Schema work on [pool]. */
        @JvmStatic
        public fun of(pool: FuturePgPool): FutureSchema = of(pool.pool, FacadeScope.of(pool))

        /** Schema work inside [transaction] (`applyDiff` of a concurrent index build needs a connection or pool). */
        @JvmStatic
        public fun of(transaction: FutureTransaction): FutureSchema = of(transaction.transaction, FacadeScope.of(transaction))

        /** Schema work on any Kotlin connection, pool or transaction. */
        @JvmStatic
        public fun of(session: PgSession): FutureSchema = of(session, FacadeScope.onEventLoop)

        private fun of(session: PgSession, scope: FacadeScope): FutureSchema = FutureSchema(session, callContextOf(session), scope)

        /** The DDL that creates [tables], in dependency order. */
        @JvmStatic
        public fun createStatements(vararg tables: Table): List<String> = io.databridge.dsl.schema.createStatements(*tables)

        /** The DDL that drops [tables] and their enum types. */
        @JvmStatic
        public fun dropStatements(vararg tables: Table): List<String> = io.databridge.dsl.schema.dropStatements(*tables)
    }
}
