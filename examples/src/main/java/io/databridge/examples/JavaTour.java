package io.databridge.examples;

import static io.databridge.dsl.future.Sql.asc;
import static io.databridge.dsl.future.Sql.eq;
import static io.databridge.dsl.future.Sql.lt;
import static io.databridge.dsl.future.Sql.select;
import static io.databridge.dsl.future.Sql.update;

import io.databridge.dsl.Column;
import io.databridge.dsl.Table;
import io.databridge.dsl.future.FutureSqlExecutor;
import io.databridge.pg.QueryResult;
import io.databridge.pg.future.FuturePgConnection;
import io.databridge.pg.future.FuturePgPool;
import io.databridge.pg.future.DataBridge;

import java.math.BigDecimal;
import java.util.List;

/** The same engine from Java: every call returns a CompletableFuture, values are bound, errors arrive typed. */
public final class JavaTour {
    private JavaTour() {
    }

    /** Runs the Java part of the tour against {@code url} and says whether every step held. */
    public static boolean run(String url) {
        try (FuturePgConnection db = DataBridge.create().connect(url).join()) {
            db.execute("CREATE TABLE java_item (id int PRIMARY KEY, name text NOT NULL, price numeric(8,2))").join();
            db.executeBatch(
                "INSERT INTO java_item (id, name, price) VALUES ($1, $2, $3)",
                List.of(List.of(1, "kettle", new BigDecimal("24.90")), List.of(2, "teapot", new BigDecimal("31.50")))
            ).join();
            QueryResult cheap = db.query("SELECT name FROM java_item WHERE price < $1 ORDER BY id", new BigDecimal("30")).join();
            String name = cheap.getRows().get(0).getString("name");
            long teapots = db.queryBlocking("SELECT count(*) FROM java_item WHERE name = $1", "teapot").getRows().get(0).getLong(0);
            System.out.println("Java: the cheap item is " + name + "; " + teapots + " teapot, counted by a blocking call");

            try (FuturePgPool pool = DataBridge.create().createPool(url)) {
                Long inserted = pool.transaction(tx ->
                    tx.execute("INSERT INTO java_item (id, name) VALUES ($1, $2)", 3, "cup")
                        .thenCompose(n -> tx.savepoint(inner ->
                            inner.execute("INSERT INTO java_item (id, name) VALUES ($1, $2)", 3, "duplicate"))
                            .handle((ignored, duplicateKey) -> n))
                ).join();
                Long count = pool.query("SELECT count(*) AS n FROM java_item").thenApply(r -> r.getRows().get(0).getLong("n")).join();
                System.out.println("Java: transaction kept " + inserted + " row, the duplicate rolled back to its savepoint; "
                    + count + " items in all");
                return "kettle".equals(name) && teapots == 1L && inserted == 1L && count == 3L && dslTour(pool);
            }
        } catch (RuntimeException failure) {
            System.out.println("Java tour failed: " + failure);
            return false;
        }
    }

    /** The tour's table declared for the DSL: a nullable column says so, names are checked and quoted. */
    static final class Items extends Table {
        final Column<Integer> id = primaryKey(int4("id"));
        final Column<String> name = text("name");
        final Column<BigDecimal> price = nullable(numeric("price", 8, 2));

        Items() {
            super("java_item");
        }
    }

    static final Items ITEMS = new Items();

    /** One row of the tour's select, built through its constructor. */
    record Priced(String name, BigDecimal price) {}

    /** The DSL from Java: typed statements built fluently, run on the pool, results as futures of typed rows. */
    static boolean dslTour(FuturePgPool pool) {
        FutureSqlExecutor db = FutureSqlExecutor.of(pool);
        db.execute(update(ITEMS, v -> v.set(ITEMS.price, new BigDecimal("2.50"))).where(eq(ITEMS.name, "cup"))).join();
        List<Priced> cheap = db.list(
            select(Priced.class, ITEMS.name, ITEMS.price).from(ITEMS).where(lt(ITEMS.price, new BigDecimal("30"))).orderBy(asc(ITEMS.price))
        ).join();
        System.out.println("Java DSL: the cheap items are " + cheap);
        return cheap.size() == 2 && "cup".equals(cheap.get(0).name());
    }

}
