package io.databridge.dsl.future;

import static io.databridge.dsl.future.Shop.CUSTOMERS;
import static io.databridge.dsl.future.Shop.PURCHASES;
import static io.databridge.dsl.future.Futures.await;
import static io.databridge.dsl.future.Futures.failure;
import static io.databridge.dsl.future.Sql.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.databridge.dsl.InvalidQueryException;
import io.databridge.dsl.Query;
import io.databridge.dsl.ResultRow;
import io.databridge.dsl.UnexpectedNullException;
import io.databridge.embedded.TestDatabase;
import java.math.BigDecimal;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Results reach Java as Java shapes: records and classes built by constructor, rows read by column; COPY from Java. */
class JavaResultShapesTest extends ShopDatabase {
    record Customer(int id, String email, String name, Integer age, Shop.Mood mood) {}

    record Spend(String name, BigDecimal total, long purchases) {}

    /** A plain class with two constructors: the one whose parameter types fit the selected columns is chosen. */
    static final class Label {
        final String text;

        Label(String name, Integer age) {
            this.text = name + "/" + age;
        }

        Label(String name, String email) {
            this.text = name + " <" + email + ">";
        }
    }

    record Strict(int id, int age) {}

    JavaResultShapesTest(TestDatabase database) {
        super(database);
    }

    @BeforeEach
    void fillShop() throws Exception {
        await(db.copyIn(CUSTOMERS, List.of(
            new Customer(1, "ann@x", "ann", 31, Shop.Mood.HAPPY),
            new Customer(2, "bob@x", "bob", 17, null),
            new Customer(3, "cid@x", "cid", null, Shop.Mood.SAD)
        ), (v, c) -> {
            v.set(CUSTOMERS.id, c.id());
            v.set(CUSTOMERS.email, c.email());
            v.set(CUSTOMERS.name, c.name());
            v.set(CUSTOMERS.age, c.age());
            v.set(CUSTOMERS.mood, c.mood());
        }));
        await(db.copyIn(PURCHASES, List.of(10, 11, 12), (v, id) -> {
            v.set(PURCHASES.id, id);
            v.set(PURCHASES.customerId, id == 12 ? 2 : 1);
            v.set(PURCHASES.total, BigDecimal.valueOf(id * 100L + 5, 2));
        }));
    }

    @Test
    void rowsBecomeRecordsThroughTheirConstructor() throws Exception {
        assertEquals(
            List.of(new Customer(1, "ann@x", "ann", 31, Shop.Mood.HAPPY), new Customer(2, "bob@x", "bob", 17, null),
                new Customer(3, "cid@x", "cid", null, Shop.Mood.SAD)),
            await(db.list(selectAll(Customer.class, CUSTOMERS).orderBy(asc(CUSTOMERS.id)))));

        Query<Spend> spend = select(Spend.class, CUSTOMERS.name, sumDecimal(PURCHASES.total), count())
            .from(CUSTOMERS)
            .innerJoin(PURCHASES, eq(PURCHASES.customerId, CUSTOMERS.id))
            .groupBy(CUSTOMERS.name)
            .orderBy(asc(CUSTOMERS.name));
        assertEquals(List.of(new Spend("ann", new BigDecimal("21.10"), 2), new Spend("bob", new BigDecimal("12.05"), 1)), await(db.list(spend)));

        assertEquals(List.of("ann/31", "bob <bob@x>"), List.of(
            await(db.single(select(Label.class, CUSTOMERS.name, CUSTOMERS.age).from(CUSTOMERS).where(eq(CUSTOMERS.id, 1)))).text,
            await(db.single(select(Label.class, CUSTOMERS.name, CUSTOMERS.email).from(CUSTOMERS).where(eq(CUSTOMERS.id, 2)))).text));

        Query<Customer> mapped = map(selectRow(CUSTOMERS.id, CUSTOMERS.email, CUSTOMERS.name, CUSTOMERS.age, CUSTOMERS.mood)
            .from(CUSTOMERS).where(eq(CUSTOMERS.id, 3)), Customer.class);
        assertEquals(new Customer(3, "cid@x", "cid", null, Shop.Mood.SAD), await(db.single(mapped)));

        Spend returned = await(db.single(update(CUSTOMERS, v -> v.set(CUSTOMERS.age, 40)).where(eq(CUSTOMERS.id, 3))
            .returning(Spend.class, CUSTOMERS.name, cast(CUSTOMERS.id, io.databridge.dsl.types.PgTypes.numeric), cast(CUSTOMERS.age, io.databridge.dsl.types.PgTypes.int8))));
        assertEquals(new Spend("cid", new BigDecimal("3"), 40), returned);
    }

    @Test
    void wideSelectsReadByColumnObject() throws Exception {
        List<ResultRow> rows = await(db.list(select(CUSTOMERS.id, CUSTOMERS.name, CUSTOMERS.age).from(CUSTOMERS).orderBy(asc(CUSTOMERS.id))));
        int id = rows.get(0).get(CUSTOMERS.id);
        String name = rows.get(0).get(CUSTOMERS.name);
        assertEquals(1, id);
        assertEquals("ann", name);
        assertNull(rows.get(2).get(CUSTOMERS.age));
        List<ResultRow> returned = await(db.list(update(CUSTOMERS, v -> v.set(CUSTOMERS.name, "x")).where(eq(CUSTOMERS.id, 2))
            .returning(CUSTOMERS.id, CUSTOMERS.name)));
        assertEquals("x", returned.get(0).get(CUSTOMERS.name));
    }

    @Test
    void constructorsThatCannotTakeTheRowAreRefusedWhenTheQueryIsBuilt() throws Exception {
        InvalidQueryException wrongTypes = assertThrows(InvalidQueryException.class, () -> select(Spend.class, CUSTOMERS.name, CUSTOMERS.id, count()));
        assertTrue(wrongTypes.getMessage().contains("(String, Integer, Long)"), wrongTypes.getMessage());
        assertThrows(InvalidQueryException.class, () -> select(Customer.class, CUSTOMERS.id));
        assertThrows(InvalidQueryException.class, () -> select(Customer.class));
        // A NULL for a primitive parameter fails the read, naming the parameter; the pool goes on.
        Throwable nullPrimitive = failure(db.list(select(Strict.class, CUSTOMERS.id, CUSTOMERS.age).from(CUSTOMERS)));
        assertInstanceOf(UnexpectedNullException.class, nullPrimitive);
        assertTrue(nullPrimitive.getMessage().contains("parameter 2"), nullPrimitive.getMessage());
        assertEquals(3L, await(db.single(select(count()).from(CUSTOMERS))));
    }

    /** A Java-declared table with a pgvector column. */
    static final class Items extends io.databridge.dsl.Table {
        final io.databridge.dsl.Column<Integer> id = primaryKey(int4("id"));
        final io.databridge.dsl.Column<float[]> embedding = vector("embedding", 3);

        Items() {
            super("items");
        }
    }

    @Test
    void vectorDistancesRenderFromJava() {
        Items items = new Items();
        float[] query = {1f, 0f, 0f};
        io.databridge.dsl.render.RenderedSql rendered = io.databridge.dsl.render.SqlRenderer.getShared()
            .render(select(items.id).from(items).orderBy(asc(cosineDistance(items.embedding, query))).limit(5));
        assertEquals("SELECT \"items\".\"id\" FROM \"items\" ORDER BY (\"items\".\"embedding\" <=> $1::vector) LIMIT $2::int8", rendered.getSql());
        assertEquals(query, rendered.getParameters().get(0).getValue());
    }

    @Test
    void copyOutStreamsRecordsToASubscriber() throws Exception {
        await(db.execute(deleteFrom(PURCHASES).allRows()));
        await(db.copyIn(PURCHASES, IntStream.rangeClosed(100, 1099).boxed().toList(), (v, id) -> {
            v.set(PURCHASES.id, id);
            v.set(PURCHASES.customerId, 1 + id % 3);
            v.set(PURCHASES.total, BigDecimal.valueOf(id, 2));
        }));
        record Purchase(int id, int customerId, BigDecimal total) {}
        List<Purchase> big = await(Publishers.collectOneByOne(db.copyOut(
            select(Purchase.class, PURCHASES.id, PURCHASES.customerId, PURCHASES.total).from(PURCHASES)
                .where(gt(PURCHASES.total, new BigDecimal("10.90"))).orderBy(asc(PURCHASES.id)))));
        assertEquals(9, big.size());
        assertEquals(new Purchase(1091, 1 + 1091 % 3, new BigDecimal("10.91")), big.get(0));
        assertInstanceOf(InvalidQueryException.class, assertThrows(InvalidQueryException.class,
            () -> FutureSqlExecutor.of(db.getExecutor()).copyOut(select(PURCHASES.id).from(PURCHASES))));
    }
}
