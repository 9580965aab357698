package io.tandem.client.producer;

import io.tandem.client.internal.Names;
import io.tandem.client.internal.SendSettings;

import java.time.Duration;

/**
 * Settings of a {@link Producer}. Immutable; build with {@link #builder(String)}, which validates every setting once
 * and names the one that is wrong. Defaults are the reference client's (fact sheet 7.1).
 *
 * @param producerGroup     the producer group, announced in heartbeats and sent with every message
 * @param sendTimeout       total time a synchronous send may take, retries included (3 s)
 * @param retryTimes        further attempts of a synchronous send after a retriable failure (2)
 * @param asyncRetryTimes   further attempts of an asynchronous send after a network failure (2)
 * @param compressThreshold bodies of at least this many bytes are zlib-compressed (4 KiB)
 * @param maxMessageSize    largest body, or batch, accepted (4 MiB)
 * @param checkThreads      threads answering the brokers' check-backs of a transactional producer, at most this many
 *                          {@link TransactionListener#check} calls at once (4)
 */
public record ProducerConfig(String producerGroup, Duration sendTimeout, int retryTimes, int asyncRetryTimes,
                             int compressThreshold, int maxMessageSize, int checkThreads) {

    /** Default of {@link #checkThreads()}. */
    public static final int DEFAULT_CHECK_THREADS = 4;

    /** zlib level of compressed bodies, as the reference producer (fact sheet 4.2). */
    public static final int COMPRESS_LEVEL = 5;

    /** @throws IllegalArgumentException if a setting is out of range */
    public ProducerConfig {
        Names.requireGroup(producerGroup, "producerGroup");
        if (sendTimeout == null || sendTimeout.isNegative() || sendTimeout.isZero()) {
            throw new IllegalArgumentException("sendTimeout must be a positive duration, was " + sendTimeout);
        }
        requireRange(retryTimes, 0, 16, "retryTimes");
        requireRange(asyncRetryTimes, 0, 16, "asyncRetryTimes");
        requireRange(compressThreshold, 1, Integer.MAX_VALUE, "compressThreshold");
        requireRange(maxMessageSize, 1, 64 << 20, "maxMessageSize");
        requireRange(checkThreads, 1, 256, "checkThreads");
    }

    public static Builder builder(String producerGroup) {
        return new Builder(producerGroup);
    }

    /** A config with every default for {@code producerGroup}. */
    public static ProducerConfig of(String producerGroup) {
        return builder(producerGroup).build();
    }

    SendSettings sendSettings() {
        return new SendSettings(sendTimeout, retryTimes, asyncRetryTimes, compressThreshold, COMPRESS_LEVEL,
                maxMessageSize);
    }

    private static void requireRange(int value, int min, int max, String name) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be in [" + min + ", " + max + "], was " + value);
        }
    }

    /** Mutable builder starting from the defaults; not thread-safe. */
    public static final class Builder {

        private final String producerGroup;
        private Duration sendTimeout = SendSettings.DEFAULTS.sendTimeout();
        private int retryTimes = SendSettings.DEFAULTS.syncRetries();
        private int asyncRetryTimes = SendSettings.DEFAULTS.asyncRetries();
        private int compressThreshold = SendSettings.DEFAULTS.compressThreshold();
        private int maxMessageSize = SendSettings.DEFAULTS.maxMessageSize();
        private int checkThreads = DEFAULT_CHECK_THREADS;

        private Builder(String producerGroup) {
            this.producerGroup = producerGroup;
        }

        public Builder sendTimeout(Duration sendTimeout) {
            this.sendTimeout = sendTimeout;
            return this;
        }

        public Builder retryTimes(int retryTimes) {
            this.retryTimes = retryTimes;
            return this;
        }

        public Builder asyncRetryTimes(int asyncRetryTimes) {
            this.asyncRetryTimes = asyncRetryTimes;
            return this;
        }

        public Builder compressThreshold(int compressThreshold) {
            this.compressThreshold = compressThreshold;
            return this;
        }

        public Builder maxMessageSize(int maxMessageSize) {
            this.maxMessageSize = maxMessageSize;
            return this;
        }

        public Builder checkThreads(int checkThreads) {
            this.checkThreads = checkThreads;
            return this;
        }

        /** @throws IllegalArgumentException naming the setting that is invalid */
        public ProducerConfig build() {
            return new ProducerConfig(producerGroup, sendTimeout, retryTimes, asyncRetryTimes, compressThreshold,
                    maxMessageSize, checkThreads);
        }
    }
}
