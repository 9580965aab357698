package io.tandem.client.consumer;

import io.tandem.client.internal.Names;
import io.tandem.client.internal.QueueOffsets;
import io.tandem.protocol.body.MessageQueue;

/**
 * Where a consumer starts a queue it just took (fact sheet 2.6): the group's committed offset; without one, the end
 * of the queue, its beginning, or the first message stored at the configured time. Retry topics start at their
 * beginning for "last offset" and at their end for "timestamp", as the reference client does.
 */
final class StartOffsets {

    private final OffsetStore offsets;
    private final QueueOffsets queueOffsets;
    private final ConsumeFrom consumeFrom;
    private final long timestampMs;

    StartOffsets(OffsetStore offsets, QueueOffsets queueOffsets, ConsumeFrom consumeFrom, long timestampMs) {
        this.offsets = offsets;
        this.queueOffsets = queueOffsets;
        this.consumeFrom = consumeFrom;
        this.timestampMs = timestampMs;
    }

    /** @throws io.tandem.client.MqClientException if a broker cannot be asked */
    long of(MessageQueue queue) {
        long committed = offsets.readPersisted(queue);
        if (committed >= 0) {
            return committed;
        }
        boolean retryTopic = queue.topic().startsWith(Names.RETRY_GROUP_TOPIC_PREFIX);
        return switch (consumeFrom) {
            case LAST_OFFSET -> retryTopic ? 0 : queueOffsets.maxOffset(queue);
            case FIRST_OFFSET -> 0;
            case TIMESTAMP -> retryTopic ? queueOffsets.maxOffset(queue) : queueOffsets.searchOffset(queue, timestampMs);
        };
    }
}
