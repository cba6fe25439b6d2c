package io.databridge.dsl.future;

import static io.databridge.dsl.future.Futures.await;

import io.databridge.embedded.TestDatabase;
import io.databridge.embedded.junit.PostgresExtension;
import io.databridge.pg.future.DataBridge;
import io.databridge.pg.future.FuturePgPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/** The fixture of the Java DSL tests: a pool on freshly created {@link Shop} tables for each test, and an executor on it. */
@ExtendWith(PostgresExtension.class)
abstract class ShopDatabase {
    /** The test database, for tests that open their own connections. */
    final TestDatabase database;
    FuturePgPool pool;
    FutureSqlExecutor db;

    ShopDatabase(TestDatabase database) {
        this.database = database;
    }

    @BeforeEach
    void createShop() throws Exception {
        pool = DataBridge.create().createPool(database.getUrl());
        for (String ddl : Shop.DDL) await(pool.execute(ddl));
        db = FutureSqlExecutor.of(pool);
    }

    @AfterEach
    void closePool() {
        pool.close();
    }
}
