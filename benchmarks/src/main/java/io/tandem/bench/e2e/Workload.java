package io.tandem.bench.e2e;

import io.tandem.bench.e2e.measure.PayloadDescriptor;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * One load to put on a broker, in the OpenMessaging Benchmark's terms. Immutable; validated on construction.
 *
 * @param name            short name of the shape of the load (e.g. {@code sync-4t}), without the durability
 * @param messageSize     bytes of each message body
 * @param topics          topics the producers spread over (producer thread {@code i} writes topic {@code i % topics})
 * @param queuesPerTopic  queues (RocketMQ, Tandem) or partitions (Kafka) of each topic
 * @param producers       producer clients; the threads share them round-robin
 * @param producerThreads threads sending, each with its own sequence of messages
 * @param inFlight        messages each thread keeps in flight: 1 sends and waits for each acknowledgement, more
 *                        sends asynchronously and waits only when that many are unacknowledged
 * @param batchSize       messages per send (1: single sends; more: one batch request of that many messages)
 * @param targetRate      messages per second over all threads, or 0 to send as fast as acknowledgements allow
 * @param consumers       consumer clients in the one subscription (consumer group) of every topic
 * @param transactional   whether each send is a transactional half message followed by a commit
 * @param durability      when the broker acknowledges
 * @param warmup          time sent before measuring (its messages are checked for loss too)
 * @param duration        time measured
 */
public record Workload(String name, int messageSize, int topics, int queuesPerTopic, int producers,
                       int producerThreads, int inFlight, int batchSize, int targetRate, int consumers,
                       boolean transactional, Durability durability, Duration warmup, Duration duration) {

    public Workload {
        Objects.requireNonNull(name, "name");
        if (!name.matches("[a-z0-9][a-z0-9-]*")) {
            throw new IllegalArgumentException("workload name must be lowercase letters, digits and dashes, was '"
                    + name + "'");
        }
        requireRange("messageSize", messageSize, PayloadDescriptor.HEADER_LENGTH, 4 << 20);
        requireRange("topics", topics, 1, 64);
        requireRange("queuesPerTopic", queuesPerTopic, 1, 256);
        requireRange("producers", producers, 1, 64);
        requireRange("producerThreads", producerThreads, 1, 1024);
        requireRange("inFlight", inFlight, 1, 65536);
        requireRange("batchSize", batchSize, 1, 1024);
        requireRange("targetRate", targetRate, 0, 10_000_000);
        requireRange("consumers", consumers, 1, 64);
        Objects.requireNonNull(durability, "durability");
        Objects.requireNonNull(warmup, "warmup");
        Objects.requireNonNull(duration, "duration");
        if (warmup.isNegative()) {
            throw new IllegalArgumentException("warmup must not be negative, was " + warmup);
        }
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("duration must be positive, was " + duration);
        }
        if (producers > producerThreads) {
            throw new IllegalArgumentException("producers (" + producers + ") must not exceed producerThreads ("
                    + producerThreads + ")");
        }
        if (batchSize > 1 && inFlight > 1) {
            throw new IllegalArgumentException("batches are sent synchronously: batchSize > 1 needs inFlight = 1");
        }
        if (transactional && (batchSize > 1 || inFlight > 1)) {
            throw new IllegalArgumentException("transactional sends are single and synchronous: they need "
                    + "batchSize = 1 and inFlight = 1");
        }
    }

    /** Name and durability, e.g. {@code sync-4t-sync}: unique within a comparison. */
    public String id() {
        return name + "-" + durability.name().toLowerCase(Locale.ROOT);
    }

    public Workload withDurability(Durability newDurability) {
        return new Workload(name, messageSize, topics, queuesPerTopic, producers, producerThreads, inFlight,
                batchSize, targetRate, consumers, transactional, newDurability, warmup, duration);
    }

    public Workload withTimes(Duration newWarmup, Duration newDuration) {
        return new Workload(name, messageSize, topics, queuesPerTopic, producers, producerThreads, inFlight,
                batchSize, targetRate, consumers, transactional, durability, newWarmup, newDuration);
    }

    public Workload withMessageSize(int newMessageSize) {
        return new Workload(name, newMessageSize, topics, queuesPerTopic, producers, producerThreads, inFlight,
                batchSize, targetRate, consumers, transactional, durability, warmup, duration);
    }

    /** One line for progress output and reports, e.g. "1 KiB, 4 threads × 1 in flight, SYNC". */
    public String describe() {
        StringBuilder text = new StringBuilder();
        text.append(messageSize % 1024 == 0 ? messageSize / 1024 + " KiB" : messageSize + " B");
        text.append(", ").append(producerThreads).append(producerThreads == 1 ? " thread" : " threads");
        if (inFlight > 1) {
            text.append(" × ").append(inFlight).append(" in flight");
        }
        if (batchSize > 1) {
            text.append(", batches of ").append(batchSize);
        }
        if (transactional) {
            text.append(", transactional");
        }
        text.append(targetRate > 0 ? ", " + targetRate + " msg/s" : ", max rate");
        text.append(", ").append(topics).append(topics == 1 ? " topic × " : " topics × ").append(queuesPerTopic)
                .append(" queues, ").append(consumers).append(consumers == 1 ? " consumer" : " consumers")
                .append(", ").append(durability);
        return text.toString();
    }

    private static void requireRange(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be in [" + min + ", " + max + "], was " + value);
        }
    }
}
