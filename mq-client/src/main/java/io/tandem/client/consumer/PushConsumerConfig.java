package io.tandem.client.consumer;

import io.tandem.client.internal.Names;
import io.tandem.protocol.body.MessageModel;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Settings of a {@link PushConsumer}. Immutable; build with {@link #builder(String)}, which validates every setting
 * once and names the one that is wrong. Defaults are the reference client's (fact sheet 7.1, 7.4).
 *
 * @param consumerGroup             the consumer group
 * @param messageModel              clustering (members share the queues) or broadcasting (each gets all)
 * @param consumeFrom               where the group starts on a queue it has no offset for (LAST_OFFSET)
 * @param consumeTimestamp          start time for {@link ConsumeFrom#TIMESTAMP}; null means 30 minutes before
 *                                  the consumer starts
 * @param consumeThreads            threads running the listener (20)
 * @param consumeBatchSize          most messages per listener call (1)
 * @param pullBatchSize             most messages per pull (32)
 * @param maxCachedMessagesPerQueue pulling a queue pauses while this many of its messages wait (1000)
 * @param maxCachedBytesPerQueue    ... or while their bodies take this many bytes (100 MiB)
 * @param maxReconsumeTimes         deliveries after the first before a failing message goes to the dead-letter
 *                                  queue; -1 means 16 for concurrent and unlimited for orderly listeners
 * @param rebalanceInterval         how often queues are re-divided among the group (20 s; also on membership
 *                                  change)
 * @param offsetCommitInterval      how often consumed offsets are committed (5 s; also when a queue is given up
 *                                  and on close)
 * @param lockRenewInterval         how often an orderly clustering consumer renews its queue locks (20 s)
 * @param suspendTime               how long an orderly queue pauses after {@link ConsumeResult#RETRY_LATER} (1 s)
 * @param longPollingSuspend        how long the broker may hold a pull with nothing to return (15 s)
 * @param pullTimeout               how long a pull waits for its response (30 s; above longPollingSuspend)
 * @param pullRetryDelay            pause before pulling a queue again after a failed pull (1 s)
 * @param sendBackRetryDelay        a failed message that could not be handed back to the broker is retried
 *                                  locally after this (5 s)
 * @param shutdownTimeout           how long {@link PushConsumer#close()} waits for listener calls in progress (30 s)
 * @param localOffsetDirectory      broadcasting consumers keep offsets in a file under this directory; null keeps
 *                                  them in memory only
 * @param retryDelayLevels          the broker delay level each retry of a failed message waits: element n for the
 *                                  retry after n + 1 failed deliveries, the last for every later one; empty (the
 *                                  default) lets the broker choose, level 3 + the failed deliveries before
 */
public record PushConsumerConfig(String consumerGroup, MessageModel messageModel, ConsumeFrom consumeFrom,
                                 Instant consumeTimestamp, int consumeThreads, int consumeBatchSize,
                                 int pullBatchSize, int maxCachedMessagesPerQueue, long maxCachedBytesPerQueue,
                                 int maxReconsumeTimes, Duration rebalanceInterval, Duration offsetCommitInterval,
                                 Duration lockRenewInterval, Duration suspendTime, Duration longPollingSuspend,
                                 Duration pullTimeout, Duration pullRetryDelay, Duration sendBackRetryDelay,
                                 Duration shutdownTimeout, Path localOffsetDirectory,
                                 List<Integer> retryDelayLevels) {

    /** Max reconsume times of concurrent consumers when configured as -1. */
    public static final int DEFAULT_MAX_RECONSUME_TIMES = 16;

    /** @throws IllegalArgumentException or NullPointerException naming the setting that is invalid */
    public PushConsumerConfig {
        Names.requireGroup(consumerGroup, "consumerGroup");
        Objects.requireNonNull(messageModel, "messageModel");
        Objects.requireNonNull(consumeFrom, "consumeFrom");
        requireRange(consumeThreads, 1, 1000, "consumeThreads");
        requireRange(consumeBatchSize, 1, 1024, "consumeBatchSize");
        requireRange(pullBatchSize, 1, 1024, "pullBatchSize");
        requireRange(maxCachedMessagesPerQueue, 1, 1_000_000, "maxCachedMessagesPerQueue");
        if (maxCachedBytesPerQueue < 1) {
            throw new IllegalArgumentException("maxCachedBytesPerQueue must be positive, was "
                    + maxCachedBytesPerQueue);
        }
        requireRange(maxReconsumeTimes, -1, 10_000, "maxReconsumeTimes");
        requirePositive(rebalanceInterval, "rebalanceInterval");
        requirePositive(offsetCommitInterval, "offsetCommitInterval");
        requirePositive(lockRenewInterval, "lockRenewInterval");
        requirePositive(suspendTime, "suspendTime");
        requirePositive(longPollingSuspend, "longPollingSuspend");
        requirePositive(pullTimeout, "pullTimeout");
        if (pullTimeout.compareTo(longPollingSuspend) <= 0) {
            throw new IllegalArgumentException("pullTimeout (" + pullTimeout + ") must exceed longPollingSuspend ("
                    + longPollingSuspend + ")");
        }
        requirePositive(pullRetryDelay, "pullRetryDelay");
        requirePositive(sendBackRetryDelay, "sendBackRetryDelay");
        requirePositive(shutdownTimeout, "shutdownTimeout");
        retryDelayLevels = List.copyOf(Objects.requireNonNull(retryDelayLevels, "retryDelayLevels"));
        for (int level : retryDelayLevels) {
            requireRange(level, 1, 1000, "each of retryDelayLevels");
        }
    }

    public static Builder builder(String consumerGroup) {
        return new Builder(consumerGroup);
    }

    /** A config with every default for {@code consumerGroup}. */
    public static PushConsumerConfig of(String consumerGroup) {
        return builder(consumerGroup).build();
    }

    /**
     * The reconsume limit in effect for a concurrent ({@code orderly} false) or orderly listener: a message that fails
     * on a delivery with at least this many failed deliveries before it goes to the dead-letter queue.
     */
    public int effectiveMaxReconsumeTimes(boolean orderly) {
        if (maxReconsumeTimes >= 0) {
            return maxReconsumeTimes;
        }
        return orderly ? Integer.MAX_VALUE : DEFAULT_MAX_RECONSUME_TIMES;
    }

    /**
     * The delay level to ask the broker for when a message with {@code reconsumeTimes} failed deliveries before this
     * one fails again; 0 lets the broker choose.
     */
    public int retryDelayLevel(int reconsumeTimes) {
        if (retryDelayLevels.isEmpty()) {
            return 0;
        }
        return retryDelayLevels.get(Math.min(Math.max(reconsumeTimes, 0), retryDelayLevels.size() - 1));
    }

    static void requireRange(long value, long min, long max, String name) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be in [" + min + ", " + max + "], was " + value);
        }
    }

    static void requirePositive(Duration value, String name) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration, was " + value);
        }
    }

    /** Mutable builder starting from the defaults; not thread-safe. */
    public static final class Builder {

        private final String consumerGroup;
        private MessageModel messageModel = MessageModel.CLUSTERING;
        private ConsumeFrom consumeFrom = ConsumeFrom.LAST_OFFSET;
        private Instant consumeTimestamp;
        private int consumeThreads = 20;
        private int consumeBatchSize = 1;
        private int pullBatchSize = 32;
        private int maxCachedMessagesPerQueue = 1000;
        private long maxCachedBytesPerQueue = 100L << 20;
        private int maxReconsumeTimes = -1;
        private Duration rebalanceInterval = Duration.ofSeconds(20);
        private Duration offsetCommitInterval = Duration.ofSeconds(5);
        private Duration lockRenewInterval = Duration.ofSeconds(20);
        private Duration suspendTime = Duration.ofSeconds(1);
        private Duration longPollingSuspend = Duration.ofSeconds(15);
        private Duration pullTimeout = Duration.ofSeconds(30);
        private Duration pullRetryDelay = Duration.ofSeconds(1);
        private Duration sendBackRetryDelay = Duration.ofSeconds(5);
        private Duration shutdownTimeout = Duration.ofSeconds(30);
        private List<Integer> retryDelayLevels = List.of();
        private Path localOffsetDirectory;

        private Builder(String consumerGroup) {
            this.consumerGroup = consumerGroup;
        }

        public Builder messageModel(MessageModel messageModel) {
            this.messageModel = messageModel;
            return this;
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

        public Builder consumeThreads(int consumeThreads) {
            this.consumeThreads = consumeThreads;
            return this;
        }

        public Builder consumeBatchSize(int consumeBatchSize) {
            this.consumeBatchSize = consumeBatchSize;
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

        public Builder maxCachedBytesPerQueue(long maxCachedBytesPerQueue) {
            this.maxCachedBytesPerQueue = maxCachedBytesPerQueue;
            return this;
        }

        public Builder maxReconsumeTimes(int maxReconsumeTimes) {
            this.maxReconsumeTimes = maxReconsumeTimes;
            return this;
        }

        public Builder rebalanceInterval(Duration rebalanceInterval) {
            this.rebalanceInterval = rebalanceInterval;
            return this;
        }

        public Builder offsetCommitInterval(Duration offsetCommitInterval) {
            this.offsetCommitInterval = offsetCommitInterval;
            return this;
        }

        public Builder lockRenewInterval(Duration lockRenewInterval) {
            this.lockRenewInterval = lockRenewInterval;
            return this;
        }

        public Builder suspendTime(Duration suspendTime) {
            this.suspendTime = suspendTime;
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

        public Builder sendBackRetryDelay(Duration sendBackRetryDelay) {
            this.sendBackRetryDelay = sendBackRetryDelay;
            return this;
        }

        public Builder shutdownTimeout(Duration shutdownTimeout) {
            this.shutdownTimeout = shutdownTimeout;
            return this;
        }

        public Builder localOffsetDirectory(Path localOffsetDirectory) {
            this.localOffsetDirectory = localOffsetDirectory;
            return this;
        }

        public Builder retryDelayLevels(List<Integer> retryDelayLevels) {
            this.retryDelayLevels = retryDelayLevels;
            return this;
        }

        /** @throws IllegalArgumentException or NullPointerException naming the setting that is invalid */
        public PushConsumerConfig build() {
            return new PushConsumerConfig(consumerGroup, messageModel, consumeFrom, consumeTimestamp, consumeThreads,
                    consumeBatchSize, pullBatchSize, maxCachedMessagesPerQueue, maxCachedBytesPerQueue,
                    maxReconsumeTimes, rebalanceInterval, offsetCommitInterval, lockRenewInterval, suspendTime,
                    longPollingSuspend, pullTimeout, pullRetryDelay, sendBackRetryDelay, shutdownTimeout,
                    localOffsetDirectory, retryDelayLevels);
        }
    }
}
