package io.databridge.dsl.schema.future;

import io.databridge.pg.future.DataBridge;
import static io.databridge.dsl.future.Sql.gt;
import static io.databridge.dsl.future.Sql.lower;
import static io.databridge.dsl.future.Sql.now;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.databridge.dsl.Column;
import io.databridge.dsl.Expr;
import io.databridge.dsl.Table;
import io.databridge.dsl.schema.Deferrability;
import io.databridge.dsl.schema.IndexMethod;
import io.databridge.dsl.schema.ReferenceAction;
import io.databridge.dsl.schema.Safety;
import io.databridge.dsl.schema.SchemaDiff;
import io.databridge.dsl.schema.SchemaMismatchException;
import io.databridge.dsl.schema.SchemaModel;
import io.databridge.dsl.schema.TableDef;
import io.databridge.embedded.TestDatabase;
import io.databridge.embedded.junit.PostgresExtension;
import io.databridge.pg.future.FuturePgPool;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Tables declared in Java, created, diffed, changed and checked through the Java schema facade. */
@ExtendWith(PostgresExtension.class)
class FutureSchemaTest {
    private static final long WAIT = 30;

    static final Shelves SHELVES = new Shelves();
    static final Volumes VOLUMES = new Volumes();

    static final class Shelves extends Table {
        final Column<Integer> id = primaryKey(int4("id"));
        final Column<String> label = comment(text("label"), "what the shelf holds");

        Shelves() {
            super("shelves", "java_schema");
            check(gt(id, 0), null);
        }
    }

    static final class Volumes extends Table {
        final Column<Integer> id = primaryKey(int4("id"));
        final Column<Integer> shelfId = references(int4("shelf_id"), SHELVES.id, ReferenceAction.CASCADE, ReferenceAction.NO_ACTION,
            Deferrability.NOT_DEFERRABLE, null);
        final Column<String> title = text("title");
        final Column<OffsetDateTime> added = defaultExpression(timestamptz("added"), now());
        final Column<Integer> copies = defaultValue(int4("copies"), 1);

        Volumes() {
            super("volumes", "java_schema");
            index(new Expr<?>[] {lower(title)}, true, IndexMethod.BTREE, List.of(), null, "volumes_title_ci");
        }
    }

    private final TestDatabase database;
    private FuturePgPool pool;
    private FutureSchema schema;

    FutureSchemaTest(TestDatabase database) {
        this.database = database;
    }

    @BeforeEach
    void open() throws Exception {
        pool = DataBridge.create().createPool(database.getUrl());
        await(pool.execute("DROP SCHEMA IF EXISTS java_schema CASCADE"));
        await(pool.execute("CREATE SCHEMA java_schema"));
        schema = FutureSchema.of(pool);
    }

    @AfterEach
    void close() throws Exception {
        await(pool.execute("DROP SCHEMA IF EXISTS java_schema CASCADE"));
        pool.close();
    }

    @Test
    void createStatementsNeedNoDatabaseAndPutReferencedTablesFirst() {
        List<String> ddl = FutureSchema.createStatements(VOLUMES, SHELVES);
        assertTrue(ddl.get(0).startsWith("CREATE TABLE \"java_schema\".\"shelves\""), ddl.get(0));
        assertTrue(ddl.get(2).startsWith("CREATE TABLE \"java_schema\".\"volumes\""), ddl.get(2));
        assertEquals(List.of("DROP TABLE \"java_schema\".\"volumes\", \"java_schema\".\"shelves\""), FutureSchema.dropStatements(VOLUMES, SHELVES));
    }

    @Test
    void createReadDiffAndDrop() throws Exception {
        await(schema.create(VOLUMES, SHELVES));
        SchemaModel read = await(schema.read(SHELVES, VOLUMES));
        TableDef volumes = read.table("java_schema", "volumes");
        assertEquals(ReferenceAction.CASCADE, volumes.getForeignKeys().get(0).getOnDelete());
        assertEquals("volumes_title_ci", volumes.getIndexes().get(0).getName());
        assertEquals("what the shelf holds", read.table("java_schema", "shelves").column("label").getComment());
        assertTrue(await(schema.diff(SHELVES, VOLUMES)).isEmpty());
        SchemaAssertions.assertSchemaMatches(schema, SHELVES, VOLUMES);

        await(schema.drop(false, false, VOLUMES, SHELVES));
        assertTrue(await(schema.read(SHELVES, VOLUMES)).getTables().isEmpty());
    }

    @Test
    void aDriftIsReportedAppliedAndGone() throws Exception {
        await(schema.create(SHELVES, VOLUMES));
        await(pool.execute("ALTER TABLE java_schema.volumes DROP COLUMN copies, ADD COLUMN stray int4"));

        SchemaMismatchException mismatch = assertThrows(SchemaMismatchException.class,
            () -> SchemaAssertions.assertSchemaMatches(schema, SHELVES, VOLUMES));
        assertEquals(2, mismatch.getDifferences().size(), mismatch.getMessage());

        SchemaDiff diff = await(schema.diff(SHELVES, VOLUMES));
        assertEquals(Safety.SAFE, diff.getApplicable().get(0).getSafety());
        assertEquals(Safety.DESTRUCTIVE, diff.getWithheld().get(0).getSafety());
        await(schema.applyDiff(diff));
        SchemaDiff remaining = await(schema.diff(SHELVES, VOLUMES));
        assertEquals(1, remaining.getChanges().size());
        assertTrue(remaining.getStatements().isEmpty());

        ExecutionException failure = assertThrows(ExecutionException.class, () -> schema.assertSchemaMatches(SHELVES, VOLUMES).get(WAIT, TimeUnit.SECONDS));
        assertInstanceOf(SchemaMismatchException.class, failure.getCause());
    }

    private static <T> T await(java.util.concurrent.CompletableFuture<T> future) throws Exception {
        return future.get(WAIT, TimeUnit.SECONDS);
    }
}
