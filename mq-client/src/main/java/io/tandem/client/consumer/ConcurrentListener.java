package io.tandem.client.consumer;

import io.tandem.client.ReceivedMessage;

import java.util.List;

/**
 * Consumes messages with no ordering guarantee: batches of one queue run on several consume threads at once, and a
 * failed message is retried later through the broker while newer ones go on. Called concurrently from the
 * consumer's consume threads; implementations must be thread-safe.
 */
@FunctionalInterface
public interface ConcurrentListener {

    /**
     * @param messages at most {@link PushConsumerConfig#consumeBatchSize()} messages of one queue, oldest first
     * @return whether they were consumed; throwing counts as {@link ConsumeResult#RETRY_LATER}
     */
    ConsumeResult consume(List<ReceivedMessage> messages);
}
