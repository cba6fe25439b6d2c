package consumer;

import io.databridge.pg.future.FuturePgConnection;
import io.databridge.pg.future.DataBridge;

/** The engine from Java, as a Java user of the published jars calls it. */
public final class JavaConsumer {
    private JavaConsumer() {
    }

    /** Counts the rows of the consumer's table through the CompletableFuture facade. */
    public static long countItems(String url) {
        try (FuturePgConnection db = DataBridge.create().connect(url).join()) {
            return db.query("SELECT count(*) AS n FROM item").join().getRows().get(0).getLong("n");
        }
    }
}
