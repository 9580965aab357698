package io.tandem.client.e2e;

import io.tandem.client.ReceivedMessage;
import io.tandem.client.consumer.ConcurrentListener;
import io.tandem.client.consumer.ConsumeResult;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;

/** Collects what a listener received, with the wall-clock time of receipt. Thread-safe. */
final class Inbox implements ConcurrentListener {

    record Delivery(ReceivedMessage message, long receivedAtMs) {
    }

    private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();

    @Override
    public ConsumeResult consume(List<ReceivedMessage> messages) {
        long now = System.currentTimeMillis();
        messages.forEach(message -> deliveries.add(new Delivery(message, now)));
        return ConsumeResult.SUCCESS;
    }

    List<Delivery> deliveries() {
        return List.copyOf(deliveries);
    }

    List<ReceivedMessage> messages() {
        return deliveries.stream().map(Delivery::message).toList();
    }

    Set<String> bodies() {
        return deliveries.stream().map(delivery -> delivery.message().bodyAsString()).collect(Collectors.toSet());
    }

    int size() {
        return deliveries.size();
    }

    ReceivedMessage byBody(String body) {
        return deliveries.stream().map(Delivery::message).filter(message -> message.bodyAsString().equals(body))
                .findFirst().orElseThrow(() -> new AssertionError("no message with body " + body));
    }

    Delivery deliveryOf(String body) {
        return deliveries.stream().filter(delivery -> delivery.message().bodyAsString().equals(body))
                .findFirst().orElseThrow(() -> new AssertionError("no message with body " + body));
    }

    /**
     * Waits up to {@code timeout} for the marker and for every message of its queue at a lower offset, and returns the
     * bodies of those: exactly what the broker wrote to that queue before the marker.
     */
    List<String> bodiesAheadOf(String marker, Duration timeout) {
        ReceivedMessage markerMessage = await().atMost(timeout).until(() -> deliveries.stream()
                .map(Delivery::message).filter(message -> message.bodyAsString().equals(marker))
                .findFirst().orElse(null), java.util.Objects::nonNull);
        await().atMost(timeout).until(() -> aheadOf(markerMessage).stream().map(ReceivedMessage::queueOffset)
                .distinct().count() == markerMessage.queueOffset());
        return aheadOf(markerMessage).stream().map(ReceivedMessage::bodyAsString).toList();
    }

    private List<ReceivedMessage> aheadOf(ReceivedMessage marker) {
        return messages().stream().filter(message -> message.queue().equals(marker.queue())
                && message.queueOffset() < marker.queueOffset()).toList();
    }
}
