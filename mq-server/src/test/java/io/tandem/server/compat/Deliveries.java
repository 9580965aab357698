package io.tandem.server.compat;

import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.common.message.MessageExt;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/** Every message a listener was handed, with when and by which consumer. Thread-safe. */
final class Deliveries {

    /** One call of a listener with one message. */
    record Delivery(String consumer, MessageExt message, long receivedAtMs) {
        String body() {
            return new String(message.getBody(), StandardCharsets.UTF_8);
        }
    }

    private final Queue<Delivery> deliveries = new ConcurrentLinkedQueue<>();

    /** A concurrent listener that records what it gets as {@code consumer} and acknowledges it. */
    MessageListenerConcurrently acknowledging(String consumer) {
        return (messages, context) -> {
            record(consumer, messages);
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        };
    }

    void record(String consumer, List<MessageExt> messages) {
        long now = System.currentTimeMillis();
        for (MessageExt message : messages) {
            deliveries.add(new Delivery(consumer, message, now));
        }
    }

    List<Delivery> all() {
        return List.copyOf(deliveries);
    }

    List<Delivery> of(String consumer) {
        return deliveries.stream().filter(d -> d.consumer().equals(consumer)).toList();
    }

    List<String> bodies() {
        return deliveries.stream().map(Delivery::body).toList();
    }

    List<String> messageIds() {
        return deliveries.stream().map(d -> d.message().getMsgId()).toList();
    }

    int size() {
        return deliveries.size();
    }
}
