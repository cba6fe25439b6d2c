package io.databridge.embedded.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.databridge.embedded.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class PostgresExtensionTest {
    /** Database names handed out to the Java test classes; each must be new. */
    static final Set<String> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private final TestDatabase fromConstructor;

    PostgresExtensionTest(TestDatabase database) {
        this.fromConstructor = database;
    }

    static String currentDatabase(TestDatabase db) throws Exception {
        try (Connection c = DriverManager.getConnection(db.getJdbcUrl());
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT current_database()")) {
            assertTrue(rs.next());
            return rs.getString(1);
        }
    }

    @Test
    void resolvesTheClassDatabase(TestDatabase db) throws Exception {
        assertTrue(HANDED_OUT.add(db.getDatabase()), "database handed out twice: " + db.getDatabase());
        assertEquals(fromConstructor.getDatabase(), db.getDatabase());
        assertTrue(db.getDatabase().startsWith("t_postgresextensiontest_"), db.getDatabase());
        assertEquals(db.getDatabase(), currentDatabase(db));
        assertEquals("localhost", db.getHost());
        assertEquals("postgres", db.getUser());
        assertTrue(db.getPort() > 0);
        assertTrue(db.getUrl().startsWith("postgresql://postgres@localhost:"), db.getUrl());
    }
}
