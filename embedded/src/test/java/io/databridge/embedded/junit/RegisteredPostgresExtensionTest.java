package io.databridge.embedded.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.databridge.embedded.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RegisteredPostgresExtensionTest {
    @RegisterExtension
    static final PostgresExtension POSTGRES = new PostgresExtension();

    @Test
    void anotherClassGetsAnotherDatabase(TestDatabase db) throws Exception {
        assertTrue(PostgresExtensionTest.HANDED_OUT.add(db.getDatabase()), "database handed out twice: " + db.getDatabase());
        assertEquals(db.getDatabase(), PostgresExtensionTest.currentDatabase(db));
    }
}
