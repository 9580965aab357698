package io.tandem.server.support;

import io.tandem.store.MessageStore;
import io.tandem.store.ReadResult;
import io.tandem.store.StoreConfig;
import io.tandem.store.StoredMessage;
import io.tandem.store.engine.CommitLogMessageStore;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static org.awaitility.Awaitility.await;

/** What a stopped broker's store holds, read back by opening it as the broker did (recovering it if it was killed). */
public final class StoredBodies {

    private StoredBodies() {
    }

    /**
     * Every body of {@code topic} in queues {@code 0..queues-1}, once the store has dispatched its whole log (up to
     * {@code dispatchTimeout}).
     */
    public static Set<String> of(StoreConfig config, String topic, int queues, Duration dispatchTimeout)
            throws IOException {
        return new HashSet<>(counted(config, topic, queues, dispatchTimeout).keySet());
    }

    /** Like {@link #of}, with how many times each body is stored. */
    public static Map<String, Integer> counted(StoreConfig config, String topic, int queues, Duration dispatchTimeout)
            throws IOException {
        Map<String, Integer> counts = new HashMap<>();
        try (MessageStore store = CommitLogMessageStore.open(config)) {
            await().atMost(dispatchTimeout)
                    .until(() -> store.status().dispatchedPosition() == store.status().writePosition());
            for (int queue = 0; queue < queues; queue++) {
                long offset = 0;
                while (true) {
                    ReadResult read = store.read(topic, queue, offset, 256, 16 << 20);
                    if (read.messages().isEmpty()) {
                        break;
                    }
                    for (StoredMessage message : read.messages()) {
                        counts.merge(new String(message.body(), StandardCharsets.UTF_8), 1, Integer::sum);
                    }
                    offset = read.nextOffset();
                }
            }
        }
        return counts;
    }
}
