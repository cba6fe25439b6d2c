package io.databridge.examples;

import io.databridge.pg.QueryResult;
import io.databridge.pg.future.FuturePgConnection;
import io.databridge.pg.future.FuturePgPool;
import io.databridge.pg.future.PgConnections;

import java.math.BigDecimal;
import java.util.List;

/** The same engine from Java: every call returns a CompletableFuture, values are bound, errors arrive typed. */
public final class JavaTour {
    private JavaTour() {
    }

    /** Runs the Java part of the tour against {@code url} and says whether every step held. */
    public static boolean run(String url) {
        try (FuturePgConnection db = PgConnections.connect(url).join()) {
            db.execute("CREATE TABLE java_item (id int PRIMARY KEY, name text NOT NULL, price numeric(8,2))").join();
            db.executeBatch(
                "INSERT INTO java_item (id, name, price) VALUES ($1, $2, $3)",
                List.of(List.of(1, "kettle", new BigDecimal("24.90")), List.of(2, "teapot", new BigDecimal("31.50")))
            ).join();
            QueryResult cheap = db.query("SELECT name FROM java_item WHERE price < $1 ORDER BY id", new BigDecimal("30")).join();
            String name = cheap.getRows().get(0).getString("name");
            System.out.println("Java: the cheap item is " + name);

            try (FuturePgPool pool = FuturePgPool.create(url)) {
                Long inserted = pool.transaction(tx ->
                    tx.execute("INSERT INTO java_item (id, name) VALUES ($1, $2)", 3, "cup")
                        .thenCompose(n -> tx.savepoint(inner ->
                            inner.execute("INSERT INTO java_item (id, name) VALUES ($1, $2)", 3, "duplicate"))
                            .handle((ignored, duplicateKey) -> n))
                ).join();
                Long count = pool.query("SELECT count(*) AS n FROM java_item").thenApply(r -> r.getRows().get(0).getLong("n")).join();
                System.out.println("Java: transaction kept " + inserted + " row, the duplicate rolled back to its savepoint; "
                    + count + " items in all");
                return "kettle".equals(name) && inserted == 1L && count == 3L;
            }
        } catch (RuntimeException failure) {
            System.out.println("Java tour failed: " + failure);
            return false;
        }
    }

}
