package io.tandem.client.consumer;

import io.tandem.client.internal.QueueOffsets;
import io.tandem.protocol.body.MessageQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Offsets of a clustering group, kept by the brokers: read with QUERY_CONSUMER_OFFSET, written with
 * UPDATE_CONSUMER_OFFSET (oneway on the timer, as the reference client; waiting for the answer when a queue is
 * given up or the consumer closes, so the next owner reads what was consumed) (fact sheet 2.6).
 */
final class BrokerOffsetStore extends OffsetStore {

    private static final Logger LOG = LoggerFactory.getLogger(BrokerOffsetStore.class);

    private final String group;
    private final QueueOffsets offsets;

    BrokerOffsetStore(String group, QueueOffsets offsets) {
        this.group = group;
        this.offsets = offsets;
    }

    @Override
    long readPersisted(MessageQueue queue) {
        long offset = offsets.consumerOffset(group, queue);
        if (offset != NONE) {
            update(queue, offset, false);
        }
        return offset;
    }

    @Override
    void persist(Collection<MessageQueue> queues) {
        for (MessageQueue queue : queues) {
            long offset = inMemory(queue);
            if (offset >= 0) {
                offsets.commit(group, queue, offset, true).exceptionally(failure -> {
                    LOG.debug("Committing offset {} of {} for {} failed: {}", offset, queue, group,
                            failure.toString());
                    return null;
                });
            }
        }
    }

    @Override
    void persistAndWait(Collection<MessageQueue> queues) {
        List<CompletableFuture<Void>> commits = new ArrayList<>();
        for (MessageQueue queue : queues) {
            long offset = inMemory(queue);
            if (offset >= 0) {
                commits.add(offsets.commit(group, queue, offset, false).exceptionally(failure -> {
                    LOG.warn("Committing offset {} of {} for {} failed: {}", offset, queue, group,
                            failure.toString());
                    return null;
                }));
            }
        }
        CompletableFuture.allOf(commits.toArray(CompletableFuture[]::new)).join();
    }
}
