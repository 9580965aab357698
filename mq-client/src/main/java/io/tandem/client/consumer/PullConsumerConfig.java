package io.tandem.client.consumer;

import io.tandem.client.internal.Names;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

import static io.tandem.client.consumer.PushConsumerConfig.requirePositive;
import static io.tandem.client.consumer.PushConsumerConfig.requireRange;

/**
 * Settings of a {@link PullConsumer}. Immutable; build with {@link #builder(String)}, which validates every setting
 * once and names the one that is wrong. Defaults are the reference lite pull consumer's (fact sheet 7.1, 7.6).
 *
 * @param consumerGroup             the consumer group whose offsets are read and committed
 * @param consumeFrom               where a queue without a committed offset starts (LAST_OFFSET)
 * @param consumeTimestamp          start time for {@link ConsumeFrom#TIMESTAMP}; null means 30 minutes before
 *                                  start
 * @param pullBatchSize             most messages per pull, and so per {@link PullConsumer#poll} (10)
 * @param maxCachedMessagesPerQueue pulling a queue pauses while this many of its messages wait to be polled (1000)
 * @param autoCommit                commit polled offsets every {@code autoCommitInterval} and on close (true)
 * @param autoCommitInterval        how often polled offsets are committed when auto-committing (5 s)
 * @param rebalanceInterval         how often a subscribing consumer re-divides the queues with its group (20 s)
 * @param longPollingSuspend        how long the broker may hold a pull with nothing to return (20 s)
 * @param pullTimeout               how long a pull waits for its response (30 s; above longPollingSuspend)
 * @param pullRetryDelay            pause before pulling a queue again after a failed pull (1 s)
 */
public record PullConsumerConfig(String consumerGroup, ConsumeFrom consumeFrom, Instant consumeTimestamp,
                                 int pullBatchSize, int maxCachedMessagesPerQueue, boolean autoCommit,
                                 Duration autoCommitInterval, Duration rebalanceInterval,
                                 Duration longPollingSuspend, Duration pullTimeout, Duration pullRetryDelay) {

    /** @throws IllegalArgumentException or NullPointerException naming the setting that is invalid */
    public PullConsumerConfig {
        Names.requireGroup(consumerGroup, "consumerGroup");
        Objects.requireNonNull(consumeFrom, "consumeFrom");
        requireRange(pullBatchSize, 1, 1024, "pullBatchSize");
        requireRange(maxCachedMessagesPerQueue, 1, 1_000_000, "maxCachedMessagesPerQueue");
        requirePositive(autoCommitInterval, "autoCommitInterval");
        requirePositive(rebalanceInterval, "rebalanceInterval");
        requirePositive(longPollingSuspend, "longPollingSuspend");
        requirePositive(pullTimeout, "pullTimeout");
        if (pullTimeout.compareTo(longPollingSuspend) <= 0) {
            throw new IllegalArgumentException("pullTimeout (" + pullTimeout + ") must exceed longPollingSuspend ("
                    + longPollingSuspend + ")");
        }
        requirePositive(pullRetryDelay, "pullRetryDelay");
    }

    public static Builder builder(String consumerGroup) {
        return new Builder(consumerGroup);
    }

    /** A config with every default for {@code consumerGroup}. */
    public static PullConsumerConfig of(String consumerGroup) {
        return builder(consumerGroup).build();
    }

    /** Mutable builder starting from the defaults; not thread-safe. */
    public static final class Builder {

        private final String consumerGroup;
        private ConsumeFrom consumeFrom = ConsumeFrom.LAST_OFFSET;
        private Instant consumeTimestamp;
        private int pullBatchSize = 10;
        private int maxCachedMessagesPerQueue = 1000;
        private boolean autoCommit = true;
        private Duration autoCommitInterval = Duration.ofSeconds(5);
        private Duration rebalanceInterval = Duration.ofSeconds(20);
        private Duration longPollingSuspend = Duration.ofSeconds(20);
        private Duration pullTimeout = Duration.ofSeconds(30);
        private Duration pullRetryDelay = Duration.ofSeconds(1);

        private Builder(String consumerGroup) {
            this.consumerGroup = consumerGroup;
        }

        public Builder consumeFrom(ConsumeFrom consumeFrom) {
            this.consumeFrom = consumeFrom;
            return this;
        }

        /** Starts at {@code timestamp} (sets {@link ConsumeFrom#TIMESTAMP}). */
        public Builder consumeFromTimestamp(Instant timestamp) {
            this.consumeFrom = ConsumeFrom.TIMESTAMP;
            this.consumeTimestamp = Objects.requireNonNull(timestamp, "timestamp");
            return this;
        }

        public Builder pullBatchSize(int pullBatchSize) {
            this.pullBatchSize = pullBatchSize;
            return this;
        }

        public Builder maxCachedMessagesPerQueue(int maxCachedMessagesPerQueue) {
            this.maxCachedMessagesPerQueue = maxCachedMessagesPerQueue;
            return this;
        }

        public Builder autoCommit(boolean autoCommit) {
            this.autoCommit = autoCommit;
            return this;
        }

        public Builder autoCommitInterval(Duration autoCommitInterval) {
            this.autoCommitInterval = autoCommitInterval;
            return this;
        }

        public Builder rebalanceInterval(Duration rebalanceInterval) {
            this.rebalanceInterval = rebalanceInterval;
            return this;
        }

        public Builder longPollingSuspend(Duration longPollingSuspend) {
            this.longPollingSuspend = longPollingSuspend;
            return this;
        }

        public Builder pullTimeout(Duration pullTimeout) {
            this.pullTimeout = pullTimeout;
            return this;
        }

        public Builder pullRetryDelay(Duration pullRetryDelay) {
            this.pullRetryDelay = pullRetryDelay;
            return this;
        }

        /** @throws IllegalArgumentException or NullPointerException naming the setting that is invalid */
        public PullConsumerConfig build() {
            return new PullConsumerConfig(consumerGroup, consumeFrom, consumeTimestamp, pullBatchSize,
                    maxCachedMessagesPerQueue, autoCommit, autoCommitInterval, rebalanceInterval,
                    longPollingSuspend, pullTimeout, pullRetryDelay);
        }
    }
}
