package io.databridge.dsl.future;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;

/** Drains a publisher one request(1) at a time, so a test also proves the stream honours back-pressure. */
final class Publishers {
    private Publishers() {}

    static <T> CompletableFuture<List<T>> collectOneByOne(Flow.Publisher<T> publisher) {
        CompletableFuture<List<T>> done = new CompletableFuture<>();
        publisher.subscribe(new Flow.Subscriber<T>() {
            private final List<T> items = new ArrayList<>();
            private Flow.Subscription subscription;

            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                this.subscription = subscription;
                subscription.request(1);
            }

            @Override
            public void onNext(T item) {
                items.add(item);
                subscription.request(1);
            }

            @Override
            public void onError(Throwable error) {
                done.completeExceptionally(error);
            }

            @Override
            public void onComplete() {
                done.complete(items);
            }
        });
        return done;
    }
}
