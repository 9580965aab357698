package io.tandem.client.e2e;

import io.tandem.client.ReceivedMessage;
import io.tandem.client.consumer.ConcurrentListener;
import io.tandem.client.consumer.ConsumeResult;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

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
}
