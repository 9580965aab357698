package io.tandem.server.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.tandem.store.DiskStatus;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Every meter the broker publishes, in one place. Names start with {@code tandem.}; tags are low-cardinality
 * (topic and group names, which operators create, never message or client ids).
 *
 * <ul>
 *   <li>{@code tandem.messages.in} / {@code tandem.bytes.in} (topic): messages and body bytes stored by sends</li>
 *   <li>{@code tandem.messages.out} / {@code tandem.bytes.out} (topic, group): messages and body bytes pulled</li>
 *   <li>{@code tandem.send.latency} (outcome): request received to response written, with histogram</li>
 *   <li>{@code tandem.pull.latency} (outcome): request received to response (parked time included)</li>
 *   <li>{@code tandem.pulls.parked}: long-polling pulls waiting now</li>
 *   <li>{@code tandem.connections}: open client connections</li>
 *   <li>{@code tandem.consumer.lag} (group, topic): messages not yet consumed by the group</li>
 *   <li>{@code tandem.auth.failures} (reason): requests refused by authentication or authorization; reasons
 *       {@code missing_credentials}, {@code malformed_credentials}, {@code unknown_user}, {@code disabled_user},
 *       {@code bad_signature}, {@code denied}</li>
 *   <li>{@code tandem.store.disk.usage}: share of the file system holding the store that is used, 0 to 1, as of the
 *       store's last measurement (every {@code diskCheckInterval})</li>
 *   <li>{@code tandem.store.disk.used} / {@code tandem.store.disk.total} (bytes): used bytes and size of that file
 *       system</li>
 *   <li>{@code tandem.store.disk.refusing}: 1 while the store refuses new messages because the disk is past its
 *       high-water mark or out of space, else 0</li>
 *   <li>{@code tandem.replication.in.sync}: on a leader with a replication listener, the members of its broker group
 *       in sync, the leader counted</li>
 * </ul>
 * Thread-safe.
 */
public final class BrokerMetrics {

    /** Messages stored by sends (counter, tag topic). */
    public static final String MESSAGES_IN = "tandem.messages.in";
    /** Body bytes stored by sends (counter, tag topic). */
    public static final String BYTES_IN = "tandem.bytes.in";
    /** Messages handed to consumers (counter, tags topic and group). */
    public static final String MESSAGES_OUT = "tandem.messages.out";
    /** Body bytes handed to consumers (counter, tags topic and group). */
    public static final String BYTES_OUT = "tandem.bytes.out";

    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    public BrokerMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public MeterRegistry registry() {
        return registry;
    }

    public void messagesIn(String topic, int messages, long bytes) {
        counter(MESSAGES_IN, "topic", topic).increment(messages);
        counter(BYTES_IN, "topic", topic).increment(bytes);
    }

    public void messagesOut(String topic, String group, int messages, long bytes) {
        counter(MESSAGES_OUT, "topic", topic, "group", group).increment(messages);
        counter(BYTES_OUT, "topic", topic, "group", group).increment(bytes);
    }

    /** One request refused for {@code reason} (a fixed, low-cardinality word). */
    public void authFailure(String reason) {
        counter("tandem.auth.failures", "reason", reason).increment();
    }

    public void sendLatency(long nanos, String outcome) {
        timer("tandem.send.latency", outcome).record(nanos, TimeUnit.NANOSECONDS);
    }

    public void pullLatency(long nanos, String outcome) {
        timer("tandem.pull.latency", outcome).record(nanos, TimeUnit.NANOSECONDS);
    }

    public void gauge(String name, String description, Supplier<Number> value) {
        io.micrometer.core.instrument.Gauge.builder(name, value).description(description).register(registry);
    }

    /** Registers the disk gauges of the store, read from {@code status} whenever they are scraped. */
    public void storeDisk(Supplier<DiskStatus> status) {
        Gauge.builder("tandem.store.disk.usage", () -> status.get().usage().usedRatio())
                .description("share of the file system holding the store that is used (0 to 1)")
                .register(registry);
        Gauge.builder("tandem.store.disk.used", () -> status.get().usage().usedBytes())
                .description("used bytes of the file system holding the store")
                .baseUnit("bytes")
                .register(registry);
        Gauge.builder("tandem.store.disk.total", () -> status.get().usage().totalBytes())
                .description("size of the file system holding the store")
                .baseUnit("bytes")
                .register(registry);
        Gauge.builder("tandem.store.disk.refusing", () -> status.get().refusingNew() ? 1 : 0)
                .description("1 while the store refuses new messages because its disk is full, else 0")
                .register(registry);
    }

    /** Registers the lag gauge of one (group, topic) pair once. */
    public void lagGauge(String group, String topic, Supplier<Number> lag) {
        io.micrometer.core.instrument.Gauge.builder("tandem.consumer.lag", lag)
                .description("messages the consumer group has not consumed yet")
                .tags("group", group, "topic", topic)
                .register(registry);
    }

    private Counter counter(String name, String... tags) {
        String key = name + String.join("\u0000", tags);
        return counters.computeIfAbsent(key, k -> Counter.builder(name).tags(tags).register(registry));
    }

    private Timer timer(String name, String outcome) {
        return timers.computeIfAbsent(name + outcome, k -> Timer.builder(name)
                .tag("outcome", outcome)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(10_000))
                .maximumExpectedValue(Duration.ofSeconds(60))
                .register(registry));
    }
}
