package io.tandem.client.consumer;

import io.tandem.client.ReceivedMessage;

import java.util.List;

/**
 * Consumes the messages of each queue strictly in queue order: one batch of a queue at a time, the next only after
 * this one succeeded. Different queues are consumed in parallel on the consumer's consume threads, so
 * implementations must be thread-safe across queues. In clustering mode the consumer holds the broker's lock of a
 * queue while it consumes it, so no other member of the group consumes that queue at the same time.
 */
@FunctionalInterface
public interface OrderlyListener {

    /**
     * @param messages at most {@link PushConsumerConfig#consumeBatchSize()} consecutive messages of one queue
     * @return {@link ConsumeResult#SUCCESS}, or {@link ConsumeResult#RETRY_LATER} to pause the queue for
     *         {@link PushConsumerConfig#suspendTime()} and get the same messages again (their
     *         {@code reconsumeTimes} counts up); throwing counts as {@link ConsumeResult#RETRY_LATER}
     */
    ConsumeResult consume(List<ReceivedMessage> messages);
}
