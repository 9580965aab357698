package io.tandem.server.compat;

import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.common.message.MessageExt;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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

    /**
     * Waits up to {@code timeout} for the marker, then asserts that it was written to its queue right after exactly
     * {@code expected}, delivered from that same queue: anything else written there first (a leaked rolled-back half,
     * a second copy) would take an offset below the marker's. The topic must have one queue.
     */
    void assertOnlyAheadOfMarker(String marker, Duration timeout, String... expected) {
        await().atMost(timeout).until(() -> bodies().contains(marker));
        MessageExt markerMessage = deliveries.stream().filter(delivery -> delivery.body().equals(marker))
                .findFirst().orElseThrow().message();
        assertThat(markerMessage.getQueueOffset()).as("messages in the queue before the marker")
                .isEqualTo(expected.length);
        assertThat(all()).extracting(delivery -> delivery.message().getQueueId()).as("one queue")
                .containsOnly(markerMessage.getQueueId());
        List<String> wanted = new ArrayList<>(List.of(expected));
        wanted.add(marker);
        assertThat(bodies()).containsExactlyInAnyOrderElementsOf(wanted);
    }

    int size() {
        return deliveries.size();
    }
}
