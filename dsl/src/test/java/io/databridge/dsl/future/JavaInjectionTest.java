package io.databridge.dsl.future;

import static io.databridge.dsl.future.Shop.CUSTOMERS;
import static io.databridge.dsl.future.Sql.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.databridge.dsl.Column;
import io.databridge.dsl.CteTable;
import io.databridge.pg.errors.InvalidIdentifierException;
import io.databridge.dsl.InvalidParameterException;
import io.databridge.dsl.Table;
import io.databridge.dsl.render.SqlRenderer;
import io.databridge.dsl.types.PgTypes;
import io.databridge.embedded.TestDatabase;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Hostile values built from Java are bound and come back unchanged; hostile identifiers are refused before any SQL exists. */
class JavaInjectionTest extends ShopDatabase {
    private static final List<String> HOSTILE = List.of(
        "x'); DROP TABLE customers; --",
        "$1",
        "a;b -- c",
        "' OR '1'='1",
        "\"; DELETE FROM customers; /*"
    );

    JavaInjectionTest(TestDatabase database) {
        super(database);
    }

    private static <T> T await(CompletableFuture<T> future) throws Exception {
        return future.get(30, TimeUnit.SECONDS);
    }

    @Test
    void hostileValuesAreBoundAndReadBackUnchanged() throws Exception {
        int id = 0;
        for (String hostile : HOSTILE) {
            int key = ++id;
            await(db.execute(insertInto(CUSTOMERS, v -> {
                v.set(CUSTOMERS.id, key);
                v.set(CUSTOMERS.email, hostile);
                v.set(CUSTOMERS.name, hostile);
            })));
            assertEquals(key, await(db.single(select(CUSTOMERS.id).from(CUSTOMERS).where(eq(CUSTOMERS.name, hostile)))));
            assertEquals(List.of(hostile), await(db.list(select(CUSTOMERS.email).from(CUSTOMERS).where(like(CUSTOMERS.email, hostile)))));
            assertEquals(hostile, await(db.query(raw("SELECT ?", hostile))).get(0).getString(0));
        }
        assertEquals((long) HOSTILE.size(), await(db.single(select(count()).from(CUSTOMERS))));
    }

    @Test
    void aNulByteIsRefusedBeforeAnythingIsSent() throws Exception {
        InvalidParameterException refused = assertThrows(InvalidParameterException.class, () -> eq(CUSTOMERS.name, "a\u0000b"));
        assertEquals("a text value cannot hold a NUL byte (found at index 1)", refused.getMessage());
        assertEquals(0L, await(db.single(select(count()).from(CUSTOMERS))));
    }

    @Test
    void namesThatCannotBeIdentifiersAreRefused() throws Exception {
        for (String bad : List.of("", "nul\u0000byte", "x".repeat(64))) {
            assertThrows(InvalidIdentifierException.class, () -> new Table(bad) {});
            assertThrows(InvalidIdentifierException.class, () -> new Table("ok", bad) {});
            assertThrows(InvalidIdentifierException.class, () -> new Table("ok") {
                final Column<String> c = text(bad);
            });
            assertThrows(InvalidIdentifierException.class, () -> alias(CUSTOMERS, bad));
            assertThrows(InvalidIdentifierException.class, () -> alias(CUSTOMERS.name, bad));
            assertThrows(InvalidIdentifierException.class, () -> new CteTable(bad));
            assertThrows(InvalidIdentifierException.class, () -> new CteTable("ok").column(bad, PgTypes.int4));
            assertThrows(InvalidIdentifierException.class, () -> enumType(bad, Shop.Mood.class));
            assertThrows(InvalidIdentifierException.class, () -> insertInto(CUSTOMERS, v -> v.set(CUSTOMERS.id, 1)).onConstraint(bad).doNothing());
        }
        assertThrows(InvalidIdentifierException.class, () -> new Table("ok") {
            final Column<Long> c = int8("xmin");
        });
        // Function names are written unquoted, so they stay plain identifiers.
        assertThrows(InvalidIdentifierException.class, () -> function("pg_sleep(10); --", PgTypes.text));
        assertEquals(0L, await(db.single(select(count()).from(CUSTOMERS))));
    }

    @Test
    void hostileLookingNamesAreQuotedIntoOneIdentifier() {
        Table hostile = new Table("customers\"; DROP TABLE customers; --") {};
        assertEquals("SELECT count(*) FROM \"customers\"\"; DROP TABLE customers; --\"",
            new SqlRenderer().render(select(count()).from(hostile)).getSql());
    }
}
