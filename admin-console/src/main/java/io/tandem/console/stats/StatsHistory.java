package io.tandem.console.stats;

import io.tandem.client.admin.GroupOffsets;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The console's memory of the cluster: the latest {@link ClusterSnapshot} and, for the charts, the counters of the
 * samples of the last {@code history}: messages written to each topic and in total, messages consumed by each group
 * and in total, and each group's lag per topic. Rates are derived from successive samples. Thread-safe.
 */
public final class StatsHistory {

    private static final String IN = "in";
    private static final String OUT = "out";
    private static final String TOPIC = "topic:";
    private static final String CONSUMED = "consumed:";
    private static final String LAG = "lag:";

    private final SeriesRing series;
    private final Duration history;
    private final Clock clock;
    private volatile ClusterSnapshot latest;
    private volatile SampleFailure failure;

    public StatsHistory(int samplesKept, Duration history, Clock clock) {
        this.series = new SeriesRing(samplesKept);
        this.history = history;
        this.clock = clock;
    }

    /** Adds a sample: it becomes the latest snapshot, and its counters a point of every series. */
    public void record(ClusterSnapshot snapshot) {
        Map<String, Long> counters = new HashMap<>();
        long written = 0;
        for (String topic : snapshot.topicQueues().keySet()) {
            long topicWritten = snapshot.writtenMessages(topic);
            counters.put(TOPIC + topic, topicWritten);
            written += topicWritten;
        }
        long consumed = 0;
        for (Map.Entry<String, GroupOffsets> group : snapshot.groupQueues().entrySet()) {
            long groupConsumed = snapshot.consumedMessages(group.getKey());
            counters.put(CONSUMED + group.getKey(), groupConsumed);
            consumed += groupConsumed;
            counters.put(LAG + group.getKey(), group.getValue().totalLag());
            Map<String, Long> byTopic = new TreeMap<>();
            for (GroupOffsets.QueueLag queue : group.getValue().queues()) {
                byTopic.merge(queue.queue().topic(), queue.lag(), Long::sum);
            }
            byTopic.forEach((topic, lag) -> counters.put(lagKey(group.getKey(), topic), lag));
        }
        counters.put(IN, written);
        counters.put(OUT, consumed);
        series.record(snapshot.takenAtMs(), counters);
        latest = snapshot;
        failure = null;
    }

    /** Notes that a sample failed; the previous snapshot stays the latest. */
    public void recordFailure(String reason) {
        failure = new SampleFailure(clock.millis(), reason);
    }

    /** The latest snapshot, or empty before the first sample. */
    public Optional<ClusterSnapshot> latest() {
        return Optional.ofNullable(latest);
    }

    /** Why the last sample failed, or empty when it succeeded. */
    public Optional<SampleFailure> failure() {
        return Optional.ofNullable(failure);
    }

    /** Messages written per second over the history. */
    public List<Point> inRates() {
        return series.rates(IN, since());
    }

    /** Messages consumed per second over the history. */
    public List<Point> outRates() {
        return series.rates(OUT, since());
    }

    /** The latest rate of messages written, per second. */
    public double inRate() {
        return series.latestRate(IN);
    }

    /** The latest rate of messages consumed, per second. */
    public double outRate() {
        return series.latestRate(OUT);
    }

    /** The latest rate of messages written to {@code topic}, per second. */
    public double topicRate(String topic) {
        return series.latestRate(TOPIC + topic);
    }

    /** The latest rate of messages consumed by {@code group}, per second. */
    public double consumeRate(String group) {
        return series.latestRate(CONSUMED + group);
    }

    /** Messages written per second to {@code topic} over the history. */
    public List<Point> topicRates(String topic) {
        return series.rates(TOPIC + topic, since());
    }

    /** The group's total lag over the history. */
    public List<Point> lag(String group) {
        return series.points(LAG + group, since());
    }

    /** The group's lag on each topic over the history, by topic. */
    public Map<String, List<Point>> lagByTopic(String group) {
        String prefix = lagKey(group, "");
        Map<String, List<Point>> byTopic = new TreeMap<>();
        for (String name : series.names()) {
            if (name.startsWith(prefix)) {
                byTopic.put(name.substring(prefix.length()), series.points(name, since()));
            }
        }
        return byTopic;
    }

    private long since() {
        return clock.millis() - history.toMillis();
    }

    private static String lagKey(String group, String topic) {
        return LAG + group + "\u0000" + topic;
    }

    /**
     * A failed sample.
     *
     * @param atMs   when it failed
     * @param reason what went wrong
     */
    public record SampleFailure(long atMs, String reason) {
    }
}
