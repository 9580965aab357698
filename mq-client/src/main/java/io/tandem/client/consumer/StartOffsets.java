package io.tandem.client.consumer;

import io.tandem.client.internal.Names;
import io.tandem.client.internal.QueueOffsets;
import io.tandem.protocol.body.MessageQueue;

import java.util.OptionalLong;
import java.util.function.BooleanSupplier;

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

    /**
     * Takes up {@code queue} for its consumer: forgets the offset memory still holds for it, finds where to start
     * ({@link #of}), lets {@code claim} register the queue as owned and, if it did, records that start in memory. The
     * broker is asked before the queue counts as owned, so a queue whose start cannot be found is not owned and is
     * taken up again later.
     *
     * @param claim registers the queue as owned; false if it was owned already (nothing more is done then)
     * @return where to start consuming, or empty if the queue was owned already
     * @throws io.tandem.client.MqClientException if a broker cannot be asked; nothing was claimed
     */
    OptionalLong take(MessageQueue queue, BooleanSupplier claim) {
        offsets.forget(queue);
        long offset = of(queue);
        if (!claim.getAsBoolean()) {
            return OptionalLong.empty();
        }
        offsets.update(queue, offset, false);
        return OptionalLong.of(offset);
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
