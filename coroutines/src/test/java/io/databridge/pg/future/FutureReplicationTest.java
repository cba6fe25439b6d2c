package io.databridge.pg.future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.databridge.pg.replication.ChangeTransaction;
import io.databridge.pg.replication.Delivery;
import io.databridge.pg.replication.LogicalPostgres;
import io.databridge.pg.replication.RowInserted;
import io.databridge.pg.replication.SlotLag;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class FutureReplicationTest {
    private static final long WAIT = 60;

    @Test
    void publisherDeliversAcknowledgedTransactionsAndTheSlotLagShrinks() throws Exception {
        String url = LogicalPostgres.INSTANCE.getUrl();
        FuturePgPool pool = DataBridge.create().createPool(url);
        try {
            pool.execute("CREATE TABLE java_repl (id int PRIMARY KEY)").get(WAIT, TimeUnit.SECONDS);
            pool.execute("CREATE PUBLICATION java_repl_pub FOR TABLE java_repl").get(WAIT, TimeUnit.SECONDS);
            assertEquals("java_repl", FutureReplication.createSlot(url, "java_repl").get(WAIT, TimeUnit.SECONDS).getName());
            for (int i = 1; i <= 3; i++) pool.execute("INSERT INTO java_repl VALUES ($1)", i).get(WAIT, TimeUnit.SECONDS);
            SlotLag before = FutureReplication.slotLag(pool, "java_repl").get(WAIT, TimeUnit.SECONDS);
            assertNotNull(before);
            assertTrue(before.getBytes() > 0, "the slot trails the inserts");

            List<Delivery> first = Publishers.take(FutureReplication.stream(url, "java_repl", List.of("java_repl_pub")), 2, Delivery::ack).get(WAIT, TimeUnit.SECONDS);
            List<Integer> ids = new ArrayList<>();
            for (Delivery d : first) {
                ChangeTransaction tx = assertInstanceOf(ChangeTransaction.class, d.getEvent());
                ids.add((Integer) assertInstanceOf(RowInserted.class, tx.getChanges().get(0)).getNewRow().get("id"));
            }
            assertEquals(List.of(1, 2), ids);

            // Both were acknowledged: a new subscriber resumes with the third.
            Delivery next = Publishers.take(FutureReplication.stream(url, "java_repl", List.of("java_repl_pub")), 1, Delivery::ack).get(WAIT, TimeUnit.SECONDS).get(0);
            ChangeTransaction third = assertInstanceOf(ChangeTransaction.class, next.getEvent());
            assertEquals(3, assertInstanceOf(RowInserted.class, third.getChanges().get(0)).getNewRow().get("id"));
            // The last acknowledgement reaches the server as the stream stops; wait until the slot shows it.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT);
            SlotLag after = FutureReplication.slotLag(pool, "java_repl").get(WAIT, TimeUnit.SECONDS);
            while (!third.getEndLsn().equals(after.getConfirmedFlush()) && System.nanoTime() < deadline) {
                Thread.sleep(20);
                after = FutureReplication.slotLag(pool, "java_repl").get(WAIT, TimeUnit.SECONDS);
            }
            assertEquals(third.getEndLsn(), after.getConfirmedFlush());
            FutureReplication.dropSlot(url, "java_repl").get(WAIT, TimeUnit.SECONDS);
            assertEquals(null, FutureReplication.slotLag(pool, "java_repl").get(WAIT, TimeUnit.SECONDS));
        } finally {
            pool.close();
        }
    }
}
