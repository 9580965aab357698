package io.tandem.app.txn;

import io.tandem.client.ReceivedMessage;
import io.tandem.client.consumer.ConcurrentListener;
import io.tandem.client.consumer.ConsumeResult;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A push consumer's listener that counts deliveries per message body and remembers the first delivery of each
 * (the message and when it arrived), and which queue offsets were delivered. Thread-safe.
 */
final class Deliveries implements ConcurrentListener {

    /** The first delivery of a body, and how many there were. */
    private record Received(ReceivedMessage first, long firstAtMs, AtomicLong count) {
    }

    private final Map<String, Received> byBody = new ConcurrentHashMap<>();
    private final AtomicLong total = new AtomicLong();
    private final Set<Long> queueOffsets = ConcurrentHashMap.newKeySet();

    @Override
    public ConsumeResult consume(List<ReceivedMessage> messages) {
        long nowMs = System.currentTimeMillis();
        for (ReceivedMessage message : messages) {
            byBody.computeIfAbsent(message.bodyAsString(), body -> new Received(message, nowMs, new AtomicLong()))
                    .count().incrementAndGet();
            total.incrementAndGet();
            queueOffsets.add(message.queueOffset());
        }
        return ConsumeResult.SUCCESS;
    }

    /** How often a message with this body was delivered. */
    long count(String body) {
        Received received = byBody.get(body);
        return received == null ? 0 : received.count().get();
    }

    /**
     * Whether {@code marker} was delivered and so was every message stored ahead of it: every queue offset from the
     * first one delivered up to the marker's. Meant for topics of one queue, where that is everything sent before
     * the marker, so counts read afterwards are final for those messages, however the listener threads interleave.
     */
    boolean deliveredEverythingAheadOf(String marker) {
        Received received = byBody.get(marker);
        if (received == null) {
            return false;
        }
        long markerOffset = received.first().queueOffset();
        long from = queueOffsets.stream().mapToLong(Long::longValue).min().orElse(markerOffset);
        for (long offset = from; offset < markerOffset; offset++) {
            if (!queueOffsets.contains(offset)) {
                return false;
            }
        }
        return true;
    }

    /** Every delivered body with its number of deliveries. */
    Map<String, Long> counts() {
        Map<String, Long> counts = new ConcurrentHashMap<>();
        byBody.forEach((body, received) -> counts.put(body, received.count().get()));
        return counts;
    }

    /** Distinct bodies delivered. */
    int distinct() {
        return byBody.size();
    }

    /** Deliveries in all. */
    long total() {
        return total.get();
    }

    ReceivedMessage first(String body) {
        return require(body).first();
    }

    /** When the first delivery of this body reached the listener (epoch ms). */
    long firstAtMs(String body) {
        return require(body).firstAtMs();
    }

    private Received require(String body) {
        Received received = byBody.get(body);
        if (received == null) {
            throw new AssertionError("no delivery of a message with body '" + body + "'");
        }
        return received;
    }
}
