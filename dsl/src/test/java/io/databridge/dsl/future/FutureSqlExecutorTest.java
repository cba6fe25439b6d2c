package io.databridge.dsl.future;

import static io.databridge.dsl.future.Shop.CUSTOMERS;
import static io.databridge.dsl.future.Shop.PURCHASES;
import static io.databridge.dsl.future.Futures.await;
import static io.databridge.dsl.future.Futures.failure;
import static io.databridge.dsl.future.Sql.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.databridge.dsl.Aliased;
import io.databridge.dsl.Column;
import io.databridge.dsl.CteTable;
import io.databridge.dsl.LockWait;
import io.databridge.dsl.NullableSide;
import io.databridge.dsl.Query;
import io.databridge.dsl.ResultRow;
import io.databridge.dsl.SubqueryAlias;
import io.databridge.dsl.TableAlias;
import io.databridge.dsl.UnexpectedNullException;
import io.databridge.dsl.exec.UnexpectedRowCountException;
import io.databridge.dsl.types.PgTypes;
import io.databridge.embedded.TestDatabase;
import io.databridge.pg.errors.UniqueViolationException;
import io.databridge.pg.future.FuturePgConnection;
import io.databridge.pg.future.DataBridge;
import java.math.BigDecimal;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The DSL built and run from Java: every statement kind on a pool, a connection and in transactions, results checked. */
class FutureSqlExecutorTest extends ShopDatabase {

    record Customer(int id, String name, Integer age, Shop.Mood mood) {}

    record NewCustomer(int id, String email, String name, Integer age) {}

    record Spend(String name, BigDecimal total, long purchases) {}

    record NamedNumber(String name, Integer number) {}

    record IdAge(int id, int age) {}

    record Overview(String name, String group, long rank, BigDecimal spent) {}

    record Names(String first, String second) {}

    record NameCount(String name, long count) {}

    FutureSqlExecutorTest(TestDatabase database) {
        super(database);
    }

    @BeforeEach
    void fillShop() throws Exception {
        List<NewCustomer> customers = List.of(
            new NewCustomer(1, "ann@x", "ann", 31),
            new NewCustomer(2, "bob@x", "bob", 17),
            new NewCustomer(3, "cid@x", "cid", null)
        );
        await(db.execute(insertInto(CUSTOMERS, customers, (v, c) -> {
            v.set(CUSTOMERS.id, c.id());
            v.set(CUSTOMERS.email, c.email());
            v.set(CUSTOMERS.name, c.name());
            v.set(CUSTOMERS.age, c.age());
        })));
        await(db.execute(insertInto(PURCHASES, List.of(new int[] {10, 1, 500}, new int[] {11, 1, 250}, new int[] {12, 2, 999}), (v, p) -> {
            v.set(PURCHASES.id, p[0]);
            v.set(PURCHASES.customerId, p[1]);
            v.set(PURCHASES.total, BigDecimal.valueOf(p[2], 2));
        })));
    }

    private long customerCount() throws Exception {
        return await(db.single(select(count()).from(CUSTOMERS)));
    }

    @Test
    void insertOneManyAndBatch() throws Exception {
        long one = await(db.execute(insertInto(CUSTOMERS, v -> {
            v.set(CUSTOMERS.id, 4);
            v.set(CUSTOMERS.email, "dee@x");
            v.set(CUSTOMERS.name, "dee");
            v.set(CUSTOMERS.mood, Shop.Mood.SAD);
        })));
        assertEquals(1L, one);
        List<InsertBuilder> batch = List.of(5, 6, 7).stream()
            .map(id -> insertInto(CUSTOMERS, v -> {
                v.set(CUSTOMERS.id, id);
                v.set(CUSTOMERS.email, "c" + id + "@x");
                v.set(CUSTOMERS.name, "c" + id);
            }))
            .collect(Collectors.toList());
        assertArrayEquals(new long[] {1, 1, 1}, await(db.executeBatch(batch)));
        assertEquals(7L, customerCount());
        assertEquals(Shop.Mood.SAD, await(db.single(select(CUSTOMERS.mood).from(CUSTOMERS).where(eq(CUSTOMERS.id, 4)))));
    }

    @Test
    void batchOfDifferentShapesIsRefusedBeforeAnythingRuns() throws Exception {
        List<ModificationBuilder> mixed = List.of(
            insertInto(CUSTOMERS, v -> { v.set(CUSTOMERS.id, 8); v.set(CUSTOMERS.email, "h@x"); v.set(CUSTOMERS.name, "h"); }),
            deleteFrom(CUSTOMERS).where(eq(CUSTOMERS.id, 1))
        );
        assertInstanceOf(io.databridge.dsl.InvalidQueryException.class, failure(db.executeBatch(mixed)));
        assertEquals(3L, customerCount());
    }

    @Test
    void selectWithWhereJoinGroupOrderAndLimit() throws Exception {
        Query<Spend> spend = select(Spend.class, CUSTOMERS.name, sumDecimal(PURCHASES.total), count())
            .from(CUSTOMERS)
            .innerJoin(PURCHASES, eq(PURCHASES.customerId, CUSTOMERS.id))
            .where(or(gte(CUSTOMERS.age, 18), like(CUSTOMERS.name, "b%")))
            .groupBy(CUSTOMERS.name)
            .orderBy(desc(sumDecimal(PURCHASES.total)))
            .limit(1);
        assertEquals(List.of(new Spend("bob", new BigDecimal("9.99"), 1L)), await(db.list(spend)));

        NullableSide<Shop.Purchases> bought = orNull(PURCHASES);
        List<NamedNumber> all = await(db.list(
            select(NamedNumber.class, CUSTOMERS.name, bought.get(PURCHASES.id))
                .from(CUSTOMERS)
                .leftJoin(bought, eq(bought.get(PURCHASES.customerId), CUSTOMERS.id))
                .orderBy(asc(CUSTOMERS.id), asc(bought.get(PURCHASES.id)))
                .offset(2)));
        assertEquals(List.of(new NamedNumber("bob", 12), new NamedNumber("cid", null)), all);
    }

    @Test
    void rowsMapToJavaRecordsAndSingleRowsAreChecked() throws Exception {
        Query<Customer> customers = map(
            selectRow(CUSTOMERS.id, CUSTOMERS.name, CUSTOMERS.age, CUSTOMERS.mood).from(CUSTOMERS).orderBy(asc(CUSTOMERS.age, io.databridge.dsl.Nulls.FIRST)),
            row -> new Customer(row.get(CUSTOMERS.id), row.get(CUSTOMERS.name), row.get(CUSTOMERS.age), row.get(CUSTOMERS.mood))
        );
        assertEquals(
            List.of(new Customer(3, "cid", null, null), new Customer(2, "bob", 17, null), new Customer(1, "ann", 31, null)),
            await(db.list(customers)));

        assertEquals("ann", await(db.single(select(CUSTOMERS.name).from(CUSTOMERS).where(eq(CUSTOMERS.id, 1)))));
        assertNull(await(db.singleOrNull(select(CUSTOMERS.name).from(CUSTOMERS).where(eq(CUSTOMERS.id, 99)))));
        assertEquals("ann", await(db.first(select(CUSTOMERS.name).from(CUSTOMERS).orderBy(asc(CUSTOMERS.id)))));
        assertNull(await(db.firstOrNull(select(CUSTOMERS.name).from(CUSTOMERS).where(isNull(CUSTOMERS.email)))));
        assertInstanceOf(UnexpectedRowCountException.class, failure(db.single(select(CUSTOMERS.name).from(CUSTOMERS))));
        assertInstanceOf(UnexpectedRowCountException.class, failure(db.singleOrNull(select(CUSTOMERS.name).from(CUSTOMERS))));
        // The pool is still usable after the failures.
        assertEquals(3L, customerCount());
    }

    @Test
    void upsertUpdatesOrSkipsTheConflictingRow() throws Exception {
        InsertBuilder annAgain = insertInto(CUSTOMERS, v -> {
            v.set(CUSTOMERS.id, 1);
            v.set(CUSTOMERS.email, "ann@x");
            v.set(CUSTOMERS.name, "Ann");
            v.set(CUSTOMERS.age, 32);
        });
        assertEquals(0L, await(db.execute(annAgain.onConflict(CUSTOMERS.email).doNothing())));
        assertEquals(0L, await(db.execute(annAgain.onConflict(CUSTOMERS.id)
            .doUpdate(v -> v.set(CUSTOMERS.name, excluded(CUSTOMERS.name)), gt(CUSTOMERS.age, excluded(CUSTOMERS.age))))));
        ResultRow updated = await(db.single(annAgain.onConstraint("customers_pkey")
            .doUpdate(v -> {
                v.set(CUSTOMERS.name, excluded(CUSTOMERS.name));
                v.set(CUSTOMERS.age, excluded(CUSTOMERS.age));
            })
            .returning(CUSTOMERS.name, CUSTOMERS.age)));
        assertEquals("Ann", updated.get(CUSTOMERS.name));
        assertEquals(32, updated.get(CUSTOMERS.age));
        assertEquals(3L, customerCount());
    }

    @Test
    void updateWithReturningAndFrom() throws Exception {
        List<IdAge> older = await(db.list(
            update(CUSTOMERS, v -> v.set(CUSTOMERS.age, plus(CUSTOMERS.age, 1)))
                .where(isNotNull(CUSTOMERS.age))
                .returning(IdAge.class, CUSTOMERS.id, CUSTOMERS.age)));
        assertEquals(Set.of(new IdAge(1, 32), new IdAge(2, 18)), Set.copyOf(older));

        List<String> buyers = await(db.list(
            update(CUSTOMERS, v -> v.set(CUSTOMERS.name, concat(CUSTOMERS.name, "!")))
                .where(and(eq(PURCHASES.customerId, CUSTOMERS.id), gt(PURCHASES.total, new BigDecimal("9"))))
                .from(PURCHASES)
                .returning(CUSTOMERS.name)));
        assertEquals(List.of("bob!"), buyers);
        assertEquals(3L, await(db.execute(update(CUSTOMERS, v -> v.set(CUSTOMERS.mood, Shop.Mood.HAPPY)).allRows())));
    }

    @Test
    void deleteWithWhereUsingAndReturning() throws Exception {
        List<ResultRow> gone = await(db.list(deleteFrom(PURCHASES).where(lt(PURCHASES.total, new BigDecimal("3")))
            .returningRow(PURCHASES.id, PURCHASES.total)));
        assertEquals(1, gone.size());
        assertEquals(11, gone.get(0).get(PURCHASES.id));
        assertEquals(new BigDecimal("2.50"), gone.get(0).get(PURCHASES.total));
        assertEquals(1L, await(db.execute(deleteFrom(PURCHASES)
            .where(and(eq(PURCHASES.customerId, CUSTOMERS.id), eq(CUSTOMERS.name, "bob")))
            .using(CUSTOMERS))));
        assertEquals(1L, await(db.execute(deleteFrom(PURCHASES).allRows())));
    }

    @Test
    void commonTableExpressionsPlainAndRecursive() throws Exception {
        CteTable spenders = new CteTable("spenders");
        Column<Integer> spender = spenders.column("customer_id", PgTypes.int4);
        List<String> names = await(db.list(
            with(spenders.definedAs(select(PURCHASES.customerId).from(PURCHASES).where(gt(PURCHASES.total, new BigDecimal("4")))))
                .query(select(CUSTOMERS.name).from(CUSTOMERS).where(in(CUSTOMERS.id, select(spender).from(spenders))).orderBy(asc(CUSTOMERS.name)))));
        assertEquals(List.of("ann", "bob"), names);

        CteTable counter = new CteTable("counter");
        Column<Integer> n = counter.column("n", PgTypes.int4);
        Query<Long> total = withRecursive(counter.definedAs(
            select(value(1)).unionAll(select(plus(n, 1)).from(counter).where(lt(n, 5)))))
            .query(select(sumInt(n)).from(counter));
        assertEquals(15L, await(db.single(total)));
    }

    @Test
    void setOperations() throws Exception {
        Query<String> young = select(CUSTOMERS.email).from(CUSTOMERS).where(lt(CUSTOMERS.age, 30));
        Query<String> cNames = select(CUSTOMERS.email).from(CUSTOMERS).where(like(CUSTOMERS.name, "c%"));
        assertEquals(Set.of("bob@x", "cid@x"), Set.copyOf(await(db.list(young.union(cNames)))));
        Query<Integer> buyers = select(PURCHASES.customerId).from(PURCHASES);
        assertEquals(List.of(3), await(db.list(select(CUSTOMERS.id).from(CUSTOMERS).except(buyers))));
        assertEquals(Set.of(1, 2), Set.copyOf(await(db.list(select(CUSTOMERS.id).from(CUSTOMERS).intersect(buyers)))));
    }

    @Test
    void transactionCommitsOrRollsBack() throws Exception {
        long kept = await(pool.transaction(tx -> {
            FutureSqlExecutor inTx = FutureSqlExecutor.of(tx);
            return inTx.execute(insertInto(CUSTOMERS, v -> { v.set(CUSTOMERS.id, 4); v.set(CUSTOMERS.email, "d@x"); v.set(CUSTOMERS.name, "d"); }))
                .thenCompose(n -> inTx.single(select(count()).from(CUSTOMERS)));
        }));
        assertEquals(4L, kept);

        CompletableFuture<Long> failed = pool.transaction(tx -> {
            FutureSqlExecutor inTx = FutureSqlExecutor.of(tx);
            return inTx.execute(insertInto(CUSTOMERS, v -> { v.set(CUSTOMERS.id, 5); v.set(CUSTOMERS.email, "e@x"); v.set(CUSTOMERS.name, "e"); }))
                .thenCompose(n -> inTx.execute(insertInto(CUSTOMERS, v -> { v.set(CUSTOMERS.id, 6); v.set(CUSTOMERS.email, "e@x"); v.set(CUSTOMERS.name, "e"); })));
        });
        assertInstanceOf(UniqueViolationException.class, failure(failed));
        assertEquals(4L, customerCount());
        assertEquals(0L, await(db.single(select(count()).from(CUSTOMERS).where(eq(CUSTOMERS.id, 5)))));
    }

    @Test
    void lockingSelectInsideATransaction() throws Exception {
        String locked = await(pool.transaction(tx -> FutureSqlExecutor.of(tx)
            .single(select(CUSTOMERS.name).from(CUSTOMERS).where(eq(CUSTOMERS.id, 1)).forUpdate())
            .thenCompose(name -> FutureSqlExecutor.of(tx)
                .single(select(CUSTOMERS.name).from(CUSTOMERS).where(eq(CUSTOMERS.id, 2)).forShare(LockWait.NOWAIT))
                .thenApply(other -> name + "," + other))));
        assertEquals("ann,bob", locked);
    }

    @Test
    void streamsOnAPoolAConnectionAndATransaction() throws Exception {
        Query<Integer> ids = select(CUSTOMERS.id).from(CUSTOMERS).orderBy(asc(CUSTOMERS.id));
        assertEquals(List.of(1, 2, 3), await(Publishers.collectOneByOne(db.stream(ids, 1))));
        try (FuturePgConnection connection = await(DataBridge.create().connect(database.getUrl()))) {
            assertEquals(List.of(1, 2, 3), await(Publishers.collectOneByOne(FutureSqlExecutor.of(connection).stream(ids))));
        }
        List<Integer> inTx = await(pool.transaction(tx -> Publishers.collectOneByOne(FutureSqlExecutor.of(tx).stream(ids, 2))));
        assertEquals(List.of(1, 2, 3), inTx);

        Query<Integer> ages = select(CUSTOMERS.age).from(CUSTOMERS).orderBy(asc(CUSTOMERS.id));
        assertInstanceOf(UnexpectedNullException.class, failure(Publishers.collectOneByOne(db.stream(ages))));
        assertEquals(List.of(31, 17, -1), await(Publishers.collectOneByOne(db.stream(
            select(ifNull(CUSTOMERS.age, -1)).from(CUSTOMERS).orderBy(asc(CUSTOMERS.id))))));
    }

    @Test
    void caseWindowsSubqueriesSelfJoinsAndWideTuples() throws Exception {
        Query<Overview> overview = select(
            Overview.class,
            CUSTOMERS.name,
            caseWhen(lt(CUSTOMERS.age, 18), value("minor")).whenThen(isNull(CUSTOMERS.age), value("unknown")).otherwise(value("adult")),
            over(rowNumber(), window().orderBy(desc(CUSTOMERS.id))),
            select(sumDecimal(PURCHASES.total)).from(PURCHASES).where(eq(PURCHASES.customerId, CUSTOMERS.id)).asExpr()
        ).from(CUSTOMERS).orderBy(asc(CUSTOMERS.id));
        assertEquals(List.of(
            new Overview("ann", "adult", 3L, new BigDecimal("7.50")),
            new Overview("bob", "minor", 2L, new BigDecimal("9.99")),
            new Overview("cid", "unknown", 1L, null)
        ), await(db.list(overview)));

        TableAlias<Shop.Customers> older = alias(CUSTOMERS, "older");
        assertEquals(List.of(new Names("bob", "ann")), await(db.list(
            select(Names.class, CUSTOMERS.name, older.get(CUSTOMERS.name)).from(CUSTOMERS).innerJoin(older, gt(older.get(CUSTOMERS.age), CUSTOMERS.age)))));

        Aliased<Long> bought = alias(count(), "bought");
        SubqueryAlias perCustomer = select(PURCHASES.customerId, bought).from(PURCHASES).groupBy(PURCHASES.customerId).asSubquery("per_customer");
        assertEquals(List.of(new NameCount("ann", 2L), new NameCount("bob", 1L)), await(db.list(
            select(NameCount.class, CUSTOMERS.name, perCustomer.get(bought))
                .from(CUSTOMERS)
                .innerJoin(perCustomer, eq(perCustomer.get(PURCHASES.customerId), CUSTOMERS.id))
                .orderBy(asc(CUSTOMERS.id)))));
    }

    @Test
    void cancellingAFutureCancelsTheStatementAndTheConnectionGoesOn() throws Exception {
        try (FuturePgConnection connection = await(DataBridge.create().connect(database.getUrl()))) {
            FutureSqlExecutor one = FutureSqlExecutor.of(connection);
            CompletableFuture<Integer> slow = one.single(select(fragment(PgTypes.int4, "(SELECT 1 FROM pg_sleep(60))")));
            Thread.sleep(200);
            assertTrue(slow.cancel(true));
            assertEquals("ann", one.single(select(CUSTOMERS.name).from(CUSTOMERS).where(eq(CUSTOMERS.id, 1))).get(20, TimeUnit.SECONDS));
        }
    }

    @Test
    void serverErrorsArriveTypedAndThePoolStaysUsable() throws Exception {
        CompletableFuture<Long> duplicate = db.execute(insertInto(CUSTOMERS, v -> {
            v.set(CUSTOMERS.id, 1);
            v.set(CUSTOMERS.email, "z@x");
            v.set(CUSTOMERS.name, "z");
        }));
        assertInstanceOf(UniqueViolationException.class, failure(duplicate));
        assertTrue(await(db.list(select(CUSTOMERS.id).from(CUSTOMERS))).contains(1));
    }
}
