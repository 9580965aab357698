package io.tandem.app.console;

import io.tandem.client.ReceivedMessage;
import io.tandem.client.consumer.ConcurrentListener;
import io.tandem.client.consumer.ConsumeResult;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** A listener that counts deliveries per body and keeps the last copy of each. Thread-safe. */
final class Received implements ConcurrentListener {

    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
    private final Map<String, ReceivedMessage> last = new ConcurrentHashMap<>();

    @Override
    public ConsumeResult consume(List<ReceivedMessage> messages) {
        for (ReceivedMessage message : messages) {
            counts.computeIfAbsent(message.bodyAsString(), body -> new AtomicLong()).incrementAndGet();
            last.put(message.bodyAsString(), message);
        }
        return ConsumeResult.SUCCESS;
    }

    long count(String body) {
        AtomicLong count = counts.get(body);
        return count == null ? 0 : count.get();
    }

    ReceivedMessage last(String body) {
        return last.get(body);
    }

    int distinct() {
        return counts.size();
    }
}
