package io.databridge.pg.future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.databridge.embedded.TestDatabase;
import io.databridge.embedded.junit.PostgresExtension;
import io.databridge.pg.NotificationEvent;
import io.databridge.pg.errors.DataBridgeException;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class FuturePgListenerTest {
    private static final long WAIT = 30;

    @Test
    void subscriptionReceivesNotificationsAndCompletesOnClose(TestDatabase db) throws Exception {
        FuturePgListener listener = DataBridge.create().connectListener(db.getUrl()).get(WAIT, TimeUnit.SECONDS);
        LinkedBlockingQueue<NotificationEvent> events = new LinkedBlockingQueue<>();
        CompletableFuture<Void> completed = new CompletableFuture<>();
        try {
            listener.listen("java_orders").subscribe(new Flow.Subscriber<NotificationEvent>() {
                @Override
                public void onSubscribe(Flow.Subscription subscription) {
                    subscription.request(Long.MAX_VALUE);
                }

                @Override
                public void onNext(NotificationEvent event) {
                    events.add(event);
                }

                @Override
                public void onError(Throwable error) {
                    completed.completeExceptionally(error);
                }

                @Override
                public void onComplete() {
                    completed.complete(null);
                }
            });
            NotificationEvent first = events.poll(WAIT, TimeUnit.SECONDS);
            assertEquals(new NotificationEvent.Listening(Set.of("java_orders")), first);
            listener.notify("java_orders", "order 42").get(WAIT, TimeUnit.SECONDS);
            NotificationEvent received = events.poll(WAIT, TimeUnit.SECONDS);
            assertNotNull(received, "no notification arrived");
            NotificationEvent.Received notification = assertInstanceOf(NotificationEvent.Received.class, received);
            assertEquals("java_orders", notification.getNotification().getChannel());
            assertEquals("order 42", notification.getNotification().getPayload());
        } finally {
            listener.close();
        }
        completed.get(WAIT, TimeUnit.SECONDS);
        assertThrows(DataBridgeException.class, () -> listener.listen(""));
    }
}
