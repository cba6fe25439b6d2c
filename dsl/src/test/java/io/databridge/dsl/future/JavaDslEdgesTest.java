package io.databridge.dsl.future;

import static io.databridge.dsl.future.Shop.CUSTOMERS;
import static io.databridge.dsl.future.Shop.PURCHASES;
import static io.databridge.dsl.future.Sql.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.databridge.dsl.InvalidQueryException;
import io.databridge.dsl.NullableSide;
import io.databridge.embedded.TestDatabase;
import java.math.BigDecimal;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The DSL's null comparisons, outer-join reads and chained WHERE, as Java callers meet them. */
class JavaDslEdgesTest extends ShopDatabase {
    JavaDslEdgesTest(TestDatabase database) {
        super(database);
    }

    @BeforeEach
    void fillShop() throws Exception {
        await(db.execute(insertInto(CUSTOMERS, List.of(1, 2, 3), (v, id) -> {
            v.set(CUSTOMERS.id, id);
            v.set(CUSTOMERS.email, id + "@x");
            v.set(CUSTOMERS.name, "c" + id);
            v.set(CUSTOMERS.age, id == 1 ? 40 : null);
        })));
        await(db.execute(insertInto(PURCHASES, v -> {
            v.set(PURCHASES.id, 10);
            v.set(PURCHASES.customerId, 1);
            v.set(PURCHASES.total, new BigDecimal("2.50"));
        })));
    }

    private static <T> T await(CompletableFuture<T> future) throws Exception {
        return future.get(30, TimeUnit.SECONDS);
    }

    @Test
    void eqNullMatchesTheNullRows() throws Exception {
        Integer noAge = null;
        assertEquals(List.of(2, 3), await(db.list(select(CUSTOMERS.id).from(CUSTOMERS).where(eq(CUSTOMERS.age, noAge)).orderBy(asc(CUSTOMERS.id)))));
        assertEquals(List.of(1), await(db.list(select(CUSTOMERS.id).from(CUSTOMERS).where(neq(CUSTOMERS.age, noAge)))));
    }

    @Test
    void leftJoinedColumnsAreReadThroughTheNullableView() throws Exception {
        NullableSide<Shop.Purchases> bought = orNull(PURCHASES);
        List<BigDecimal> totals = await(db.list(select(bought.get(PURCHASES.total)).from(CUSTOMERS)
            .leftJoin(bought, eq(PURCHASES.customerId, CUSTOMERS.id)).orderBy(asc(CUSTOMERS.id))));
        assertEquals(java.util.Arrays.asList(new BigDecimal("2.50"), null, null), totals);
        assertThrows(InvalidQueryException.class,
            () -> select(PURCHASES.total).from(CUSTOMERS).leftJoin(bought, eq(PURCHASES.customerId, CUSTOMERS.id)));
    }

    @Test
    void chainedWhereCombinesWithAnd() throws Exception {
        assertEquals(List.of(3), await(db.list(select(CUSTOMERS.id).from(CUSTOMERS).where(isNull(CUSTOMERS.age)).where(gt(CUSTOMERS.id, 2)))));
        assertEquals(1L, await(db.execute(update(CUSTOMERS, v -> v.set(CUSTOMERS.name, "x")).where(isNull(CUSTOMERS.age)).where(eq(CUSTOMERS.id, 2)))));
        assertEquals(List.of("c1", "x", "c3"), await(db.list(select(CUSTOMERS.name).from(CUSTOMERS).orderBy(asc(CUSTOMERS.id)))));
        assertEquals(1L, await(db.execute(deleteFrom(CUSTOMERS).where(isNull(CUSTOMERS.age)).where(eq(CUSTOMERS.name, "c3")))));
        assertEquals(2L, await(db.single(select(count()).from(CUSTOMERS))));
    }

    @Test
    void orWhereOrsOntoTheEarlierConditions() throws Exception {
        assertEquals(List.of(1, 3), await(db.list(select(CUSTOMERS.id).from(CUSTOMERS).where(isNull(CUSTOMERS.age)).where(gt(CUSTOMERS.id, 2))
            .orWhere(eq(CUSTOMERS.id, 1)).orderBy(asc(CUSTOMERS.id)))));
        assertEquals(2L, await(db.execute(update(CUSTOMERS, v -> v.set(CUSTOMERS.name, "x")).where(eq(CUSTOMERS.id, 2)).orWhere(eq(CUSTOMERS.id, 3)))));
        assertEquals(1L, await(db.execute(deleteFrom(CUSTOMERS).where(eq(CUSTOMERS.name, "x")).where(eq(CUSTOMERS.id, 2)).orWhere(eq(CUSTOMERS.id, 99)))));
        assertThrows(InvalidQueryException.class, () -> deleteFrom(CUSTOMERS).allRows().orWhere(eq(CUSTOMERS.id, 1)));
        assertEquals(List.of(1, 3), await(db.list(select(CUSTOMERS.id).from(CUSTOMERS).orderBy(asc(CUSTOMERS.id)))));
    }

    @Test
    void aNullableViewRefusesAColumnOfAnotherTable() {
        NullableSide<Shop.Purchases> bought = orNull(PURCHASES);
        assertThrows(InvalidQueryException.class, () -> bought.get(CUSTOMERS.name));
    }
}
