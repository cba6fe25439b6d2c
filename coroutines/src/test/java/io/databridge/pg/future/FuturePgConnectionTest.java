package io.databridge.pg.future;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.databridge.embedded.TestDatabase;
import io.databridge.embedded.junit.PostgresExtension;
import io.databridge.pg.Column;
import io.databridge.pg.Notification;
import io.databridge.pg.QueryResult;
import io.databridge.pg.Row;
import io.databridge.pg.errors.ConnectionClosedException;
import io.databridge.pg.errors.UniqueViolationException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class FuturePgConnectionTest {
    private static final long WAIT = 30;

    private final TestDatabase db;
    private FuturePgConnection c;

    FuturePgConnectionTest(TestDatabase db) {
        this.db = db;
    }

    @BeforeEach
    void connect() throws Exception {
        c = DataBridge.create().connect(db.getUrl()).get(WAIT, TimeUnit.SECONDS);
    }

    @AfterEach
    void close() {
        c.close();
    }

    private static <T> T await(CompletableFuture<T> future) throws Exception {
        return future.get(WAIT, TimeUnit.SECONDS);
    }

    @Test
    void queryCompletesWithTypedRows() throws Exception {
        QueryResult result = await(c.query("SELECT n, 'row ' || n AS label FROM generate_series(1, 3) n"));
        assertEquals("SELECT 3", result.getCommandTag());
        assertEquals(3L, result.getAffectedRows());
        List<String> labels = new ArrayList<>();
        for (Row row : result.getRows()) labels.add(row.getInt(0) + "=" + row.getString("label"));
        assertEquals(List.of("1=row 1", "2=row 2", "3=row 3"), labels);
        assertTrue(c.isOpen());
        assertTrue(c.getBackendPid() > 0);
        assertEquals(c.getBackendPid(), await(c.query("SELECT pg_backend_pid()")).getRows().get(0).getInt(0));
    }

    @Test
    void describeGivesTheColumnsWithoutRunningTheStatement() throws Exception {
        await(c.execute("CREATE TEMP TABLE described (id int4 PRIMARY KEY, label text)"));
        List<Column> columns = await(c.describe("INSERT INTO described VALUES ($1, $2) RETURNING id, label"));
        assertEquals(List.of("id", "label"), columns.stream().map(Column::getName).toList());
        assertEquals(List.of("int4", "text"), columns.stream().map(Column::getTypeName).toList());
        assertEquals(0L, await(c.query("SELECT count(*) FROM described")).getRows().get(0).getLong(0));
    }

    @Test
    void blockingCallsReturnTheirResultOnTheCallingThreadAndThrowTypedErrors() throws Exception {
        assertEquals(-1L, c.executeBlocking("CREATE TEMP TABLE blocking_rows (id int4 PRIMARY KEY)"));
        for (int i = 1; i <= 50; i++) {
            assertEquals(1L, c.executeBlocking("INSERT INTO blocking_rows VALUES ($1)", i));
        }
        long sum = 0;
        for (int i = 1; i <= 50; i++) {
            sum += c.queryBlocking("SELECT id FROM blocking_rows WHERE id = $1", i).getRows().get(0).getInt(0);
        }
        assertEquals(1275L, sum);
        assertThrows(UniqueViolationException.class, () -> c.executeBlocking("INSERT INTO blocking_rows VALUES (1)"));
        assertThrows(io.databridge.pg.QueryTimeoutException.class,
            () -> c.queryBlocking(Duration.ofMillis(200), "SELECT pg_sleep(30)"));
        assertEquals(7, c.queryBlocking("SELECT 7").getRows().get(0).getInt(0));
        assertEquals(8, await(c.query("SELECT 8")).getRows().get(0).getInt(0));
    }

    @Test
    void parametersOfJavaTypesRoundTrip() throws Exception {
        await(c.simpleQuery("DROP TABLE IF EXISTS typed; CREATE TABLE typed(i int, l bigint, s text, d numeric, "
            + "u uuid, day date, at timestamptz, b bytea, nothing text)"));
        UUID uuid = UUID.randomUUID();
        BigDecimal amount = new BigDecimal("12345.678900");
        LocalDate day = LocalDate.of(2024, 2, 29);
        OffsetDateTime at = OffsetDateTime.of(2025, 6, 1, 12, 30, 15, 123_456_000, ZoneOffset.ofHours(2));
        byte[] bytes = {0, 1, (byte) 0xFF, 42};
        long inserted = await(c.execute("INSERT INTO typed VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            42, 9_000_000_000L, "grüße", amount, uuid, day, at, bytes, null));
        assertEquals(1L, inserted);

        Row row = await(c.query("SELECT * FROM typed WHERE u = $1 AND i = $2", uuid, 42)).getRows().get(0);
        assertEquals(42, row.getInt("i"));
        assertEquals(9_000_000_000L, row.getLong("l"));
        assertEquals("grüße", row.getString("s"));
        assertEquals(amount, row.getBigDecimal("d"));
        assertEquals(uuid, row.get("u", UUID.class));
        assertEquals(day, row.get("day", LocalDate.class));
        assertTrue(at.isEqual(row.get("at", OffsetDateTime.class)));
        assertArrayEquals(bytes, row.get("b", byte[].class));
        assertTrue(row.isNull("nothing"));
        assertNull(row.getStringOrNull("nothing"));
    }

    @Test
    void serverErrorCompletesExceptionallyWithTheTypedException() throws Exception {
        await(c.simpleQuery("DROP TABLE IF EXISTS uniq; CREATE TABLE uniq(id int PRIMARY KEY)"));
        await(c.execute("INSERT INTO uniq VALUES ($1)", 1));
        CompletableFuture<Long> duplicate = c.execute("INSERT INTO uniq VALUES ($1)", 1);
        ExecutionException failure = assertThrows(ExecutionException.class, () -> duplicate.get(WAIT, TimeUnit.SECONDS));
        UniqueViolationException cause = assertInstanceOf(UniqueViolationException.class, failure.getCause());
        assertTrue(cause.getMessage().contains("uniq_pkey"), cause.getMessage());
        CompletionException joined = assertThrows(CompletionException.class, duplicate::join);
        assertInstanceOf(UniqueViolationException.class, joined.getCause());
        assertEquals(1L, await(c.query("SELECT count(*) FROM uniq")).getRows().get(0).getLong(0));
    }

    @Test
    void callsIssuedWithoutChainingRunInIssueOrder() throws Exception {
        await(c.simpleQuery("DROP TABLE IF EXISTS ordered; CREATE TABLE ordered(seq serial, n int)"));
        List<CompletableFuture<Long>> inserts = new ArrayList<>();
        for (int i = 0; i < 50; i++) inserts.add(c.execute("INSERT INTO ordered(n) VALUES ($1)", i));
        CompletableFuture<QueryResult> afterwards = c.query("SELECT n FROM ordered ORDER BY seq");
        List<Row> rows = await(afterwards).getRows();
        assertEquals(50, rows.size());
        for (int i = 0; i < 50; i++) assertEquals(i, rows.get(i).getInt(0));
        for (CompletableFuture<Long> insert : inserts) assertEquals(1L, await(insert));
    }

    @Test
    void executeBatchReturnsEachRowCount() throws Exception {
        await(c.simpleQuery("DROP TABLE IF EXISTS batch; CREATE TABLE batch(id int, name text)"));
        long[] counts = await(c.executeBatch("INSERT INTO batch SELECT $1, $2 FROM generate_series(1, $1)",
            List.of(List.of(1, "one"), List.of(2, "two"), Arrays.asList(3, null))));
        assertArrayEquals(new long[] {1, 2, 3}, counts);
        assertEquals(3L, await(c.query("SELECT count(*) FROM batch WHERE name IS NULL")).getRows().get(0).getLong(0));
        assertArrayEquals(new long[0], await(c.executeBatch("INSERT INTO batch VALUES ($1, $2)", List.of())));
    }

    @Test
    void simpleQueryAndTimeout() throws Exception {
        List<QueryResult> results = await(c.simpleQuery("SELECT 1; SELECT 'a', 'b'"));
        assertEquals(2, results.size());
        assertEquals(1, results.get(0).getRows().get(0).getInt(0));
        assertEquals("b", results.get(1).getRows().get(0).getString(1));

        CompletableFuture<QueryResult> slow = c.query(Duration.ofMillis(200), "SELECT pg_sleep(30)");
        ExecutionException failure = assertThrows(ExecutionException.class, () -> slow.get(WAIT, TimeUnit.SECONDS));
        assertInstanceOf(io.databridge.pg.QueryTimeoutException.class, failure.getCause());
        assertEquals(2, await(c.query(Duration.ofSeconds(10), "SELECT $1::int", 2)).getRows().get(0).getInt(0));
    }

    @Test
    void streamHonoursRequestedBatches() throws Exception {
        Flow.Publisher<Row> rows = c.stream("SELECT n FROM generate_series(1, 10) n", 3);
        LinkedBlockingQueue<Integer> received = new LinkedBlockingQueue<>();
        AtomicLong outstanding = new AtomicLong();
        CompletableFuture<Void> done = new CompletableFuture<>();
        CompletableFuture<Flow.Subscription> subscribed = new CompletableFuture<>();
        rows.subscribe(new Flow.Subscriber<Row>() {
            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                subscribed.complete(subscription);
            }

            @Override
            public void onNext(Row row) {
                if (outstanding.decrementAndGet() < 0) done.completeExceptionally(new AssertionError("more rows than requested"));
                received.add(row.getInt(0));
            }

            @Override
            public void onError(Throwable error) {
                done.completeExceptionally(error);
            }

            @Override
            public void onComplete() {
                done.complete(null);
            }
        });
        Flow.Subscription subscription = await(subscribed);
        List<Integer> seen = new ArrayList<>();
        while (seen.size() < 10) {
            outstanding.addAndGet(2);
            subscription.request(2);
            for (int i = 0; i < 2; i++) seen.add(received.poll(WAIT, TimeUnit.SECONDS));
            // Nothing beyond the two requested rows may arrive while we do not ask.
            assertNull(received.poll(100, TimeUnit.MILLISECONDS));
        }
        outstanding.incrementAndGet();
        subscription.request(1);
        await(done);
        assertEquals(List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10), seen);
        assertEquals(1, await(c.query("SELECT 1")).getRows().get(0).getInt(0));
    }

    @Test
    void cancellingAStreamSubscriptionLeavesTheConnectionUsable() throws Exception {
        List<Row> firstRows = new ArrayList<>();
        CompletableFuture<Void> cancelled = new CompletableFuture<>();
        c.stream("SELECT n FROM generate_series(1, 100000) n", 10).subscribe(new Flow.Subscriber<Row>() {
            private Flow.Subscription subscription;

            @Override
            public void onSubscribe(Flow.Subscription s) {
                subscription = s;
                s.request(5);
            }

            @Override
            public void onNext(Row row) {
                firstRows.add(row);
                if (firstRows.size() == 5) {
                    subscription.cancel();
                    cancelled.complete(null);
                }
            }

            @Override
            public void onError(Throwable error) {
                cancelled.completeExceptionally(error);
            }

            @Override
            public void onComplete() {
                cancelled.completeExceptionally(new AssertionError("the stream ran to its end"));
            }
        });
        await(cancelled);
        assertEquals(5, firstRows.size());
        assertEquals(7, await(c.query("SELECT 7")).getRows().get(0).getInt(0));
    }

    @Test
    void copyInFromAnIteratorAndAPublisherThenCopyOut() throws Exception {
        await(c.simpleQuery("DROP TABLE IF EXISTS copy_src; CREATE TABLE copy_src(id int, name text); "
            + "DROP TABLE IF EXISTS copy_dst; CREATE TABLE copy_dst(id int, name text)"));
        List<byte[]> chunks = List.of(bytes("1\tone\n2\t"), bytes("two\n"), bytes("3\tthree\n"));
        assertEquals(3L, await(c.copyIn("COPY copy_src FROM STDIN", chunks.iterator())));

        // Pipe one connection's COPY OUT publisher into another's COPY IN.
        try (FuturePgConnection other = await(DataBridge.create().connect(db.getUrl()))) {
            assertEquals(3L, await(other.copyIn("COPY copy_dst FROM STDIN", c.copyOut("COPY copy_src TO STDOUT"))));
        }
        List<byte[]> out = await(Publishers.collect(c.copyOut("COPY (SELECT * FROM copy_dst ORDER BY id) TO STDOUT (FORMAT csv)")));
        StringBuilder csv = new StringBuilder();
        for (byte[] chunk : out) csv.append(new String(chunk, StandardCharsets.UTF_8));
        assertEquals("1,one\n2,two\n3,three\n", csv.toString());
    }

    @Test
    void aFailingCopySourceAbortsTheCopy() throws Exception {
        await(c.simpleQuery("DROP TABLE IF EXISTS copy_fail; CREATE TABLE copy_fail(id int)"));
        java.util.Iterator<byte[]> failing = new java.util.Iterator<>() {
            private boolean sent;

            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public byte[] next() {
                if (sent) throw new IllegalStateException("source broke");
                sent = true;
                return bytes("1\n2\n");
            }
        };
        ExecutionException failure = assertThrows(ExecutionException.class,
            () -> c.copyIn("COPY copy_fail FROM STDIN", failing).get(WAIT, TimeUnit.SECONDS));
        assertInstanceOf(IllegalStateException.class, failure.getCause());
        assertEquals("source broke", failure.getCause().getMessage());
        assertEquals(0L, await(c.query("SELECT count(*) FROM copy_fail")).getRows().get(0).getLong(0));
    }

    @Test
    void notificationListenerReceivesUntilClosed() throws Exception {
        await(c.execute("LISTEN facade_events"));
        LinkedBlockingQueue<Notification> received = new LinkedBlockingQueue<>();
        AutoCloseable registration = c.addNotificationListener(received::add);
        try (FuturePgConnection sender = await(DataBridge.create().connect(db.getUrl()))) {
            await(sender.execute("SELECT pg_notify('facade_events', $1)", "hello"));
            Notification notification = received.poll(WAIT, TimeUnit.SECONDS);
            assertNotNull(notification, "no notification arrived");
            assertEquals("facade_events", notification.getChannel());
            assertEquals("hello", notification.getPayload());
            assertEquals(sender.getBackendPid(), notification.getProcessId());

            registration.close();
            await(sender.execute("SELECT pg_notify('facade_events', 'after close')"));
            // A round trip on the listening connection makes sure the second NOTIFY has been read.
            await(c.query("SELECT 1"));
            assertNull(received.poll(300, TimeUnit.MILLISECONDS));
        }
    }

    @Test
    void cancellingAFutureCancelsTheStatementOnTheServer() throws Exception {
        CompletableFuture<QueryResult> sleeping = c.query("SELECT pg_sleep(60)");
        Thread.sleep(300);
        assertTrue(sleeping.cancel(true));
        assertThrows(CancellationException.class, sleeping::join);
        long started = System.nanoTime();
        // Pipelined behind the sleep: it answers quickly only if the server cancelled the sleep.
        assertEquals(1, c.query("SELECT 1").get(20, TimeUnit.SECONDS).getRows().get(0).getInt(0));
        assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(20));
        assertTrue(c.isOpen());
    }

    @Test
    void closeEndsTheConnection() throws Exception {
        FuturePgConnection other = await(DataBridge.create().connect(db.getUrl()));
        int pid = other.getBackendPid();
        other.close();
        other.close();
        assertFalse(other.isOpen());
        ExecutionException failure = assertThrows(ExecutionException.class,
            () -> other.query("SELECT 1").get(WAIT, TimeUnit.SECONDS));
        assertInstanceOf(ConnectionClosedException.class, failure.getCause());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT);
        long remaining;
        do {
            remaining = await(c.query("SELECT count(*) FROM pg_stat_activity WHERE pid = $1", pid)).getRows().get(0).getLong(0);
            if (remaining != 0) Thread.sleep(50);
        } while (remaining != 0 && System.nanoTime() < deadline);
        assertEquals(0L, remaining, "the server still has the closed session");
    }

    @Test
    void connectFailureCompletesExceptionally() {
        CompletableFuture<FuturePgConnection> refused = DataBridge.create().connect("postgresql://postgres@127.0.0.1:1/none?connect_timeout=5");
        ExecutionException failure = assertThrows(ExecutionException.class, () -> refused.get(WAIT, TimeUnit.SECONDS));
        assertInstanceOf(io.databridge.pg.errors.DataBridgeException.class, failure.getCause());
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
