package io.tandem.server.admin;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tandem.server.metrics.BrokerMetrics;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;

/**
 * Message traffic as operators' tools show it: totals since the start (stored by sends, handed to consumers), the
 * totals as of the start of today and of yesterday (local time), and rates over the last 10 s, 60 s and 600 s, for the
 * broker and per (consumer group, topic). Read from the broker's meters ({@link BrokerMetrics}), so it counts exactly
 * what the Prometheus endpoint counts.
 *
 * <p>{@link #sample()} must run about once a second (the broker's housekeeping does it); rates and day boundaries are
 * as fine as that. Time comes from the injected clock. Thread-safe.
 */
public final class TrafficStats {

    /** The longest window a broker rate is read over, plus one sample. */
    private static final int BROKER_SAMPLES = 601;
    /** Per (group, topic): one minute. */
    private static final int GROUP_SAMPLES = 61;
    private static final long GROUP_WINDOW_MS = 60_000;

    /** Totals of one direction (in or out) and their day marks. */
    private static final class Direction {
        final RateWindow window = new RateWindow(BROKER_SAMPLES);
        long total;
        long bytes;
        long todayMorning;
        long yesterdayMorning;
    }

    private final MeterRegistry registry;
    private final Clock clock;
    private final ZoneId zone;
    private final Direction in = new Direction();
    private final Direction out = new Direction();
    private final Map<String, RateWindow> byGroupAndTopic = new HashMap<>();
    private LocalDate day;

    public TrafficStats(MeterRegistry registry, Clock clock, ZoneId zone) {
        this.registry = registry;
        this.clock = clock;
        this.zone = zone;
        sample();
    }

    /** Reads the meters and records a sample for the rates; rolls the day marks over at local midnight. */
    public synchronized void sample() {
        long now = clock.millis();
        Map<String, Long> outByGroupAndTopic = readTotals();
        in.window.record(now, in.total);
        out.window.record(now, out.total);
        outByGroupAndTopic.forEach((key, count) -> byGroupAndTopic
                .computeIfAbsent(key, k -> new RateWindow(GROUP_SAMPLES)).record(now, count));
        rollDay();
    }

    /** The totals now (read from the meters) and the rates as of the last sample. */
    public synchronized Snapshot snapshot() {
        readTotals();
        rollDay();
        return new Snapshot(in.total, in.bytes, in.todayMorning, in.yesterdayMorning, out.total,
                out.todayMorning, out.yesterdayMorning, Rates.of(in.window), Rates.of(out.window));
    }

    /** Updates the totals of both directions; returns messages handed out per (group, topic). */
    private Map<String, Long> readTotals() {
        in.total = sum(BrokerMetrics.MESSAGES_IN);
        in.bytes = sum(BrokerMetrics.BYTES_IN);
        out.bytes = sum(BrokerMetrics.BYTES_OUT);
        long total = 0;
        Map<String, Long> outByGroupAndTopic = new HashMap<>();
        for (Counter counter : registry.find(BrokerMetrics.MESSAGES_OUT).counters()) {
            long count = (long) counter.count();
            total += count;
            outByGroupAndTopic.merge(key(counter.getId().getTag("group"), counter.getId().getTag("topic")), count,
                    Long::sum);
        }
        out.total = total;
        return outByGroupAndTopic;
    }

    private void rollDay() {
        LocalDate today = LocalDate.ofInstant(clock.instant(), zone);
        if (day == null) {
            day = today;
            in.todayMorning = in.yesterdayMorning = in.total;
            out.todayMorning = out.yesterdayMorning = out.total;
        } else if (!today.equals(day)) {
            boolean nextDay = today.equals(day.plusDays(1));
            rollOver(in, nextDay);
            rollOver(out, nextDay);
            day = today;
        }
    }

    /** Messages per second {@code group} consumed from {@code topic} over the last minute. */
    public synchronized double consumeTps(String group, String topic) {
        RateWindow window = byGroupAndTopic.get(key(group, topic));
        return window == null ? 0 : window.perSecond(GROUP_WINDOW_MS);
    }

    /**
     * Traffic totals (since the start, and as of the start of today and of yesterday) and rates.
     *
     * @param putTps messages stored per second
     * @param getTps messages handed out per second
     */
    public record Snapshot(long putTotal, long putBytes, long putTodayMorning, long putYesterdayMorning,
                           long getTotal, long getTodayMorning, long getYesterdayMorning, Rates putTps,
                           Rates getTps) {
    }

    /** Messages per second over the last 10 s, 60 s and 600 s. */
    public record Rates(double lastTenSeconds, double lastMinute, double lastTenMinutes) {

        static Rates of(RateWindow window) {
            return new Rates(window.perSecond(10_000), window.perSecond(60_000), window.perSecond(600_000));
        }

        /** As RocketMQ's tools read it: the three rates, space separated, two decimals each. */
        public String text() {
            return String.format(java.util.Locale.ROOT, "%.2f %.2f %.2f", lastTenSeconds, lastMinute, lastTenMinutes);
        }
    }

    private static void rollOver(Direction direction, boolean nextDay) {
        // After a gap of more than a day the count as of yesterday's start is unknown: yesterday shows as empty.
        direction.yesterdayMorning = nextDay ? direction.todayMorning : direction.total;
        direction.todayMorning = direction.total;
    }

    private long sum(String meter) {
        double total = 0;
        for (Counter counter : registry.find(meter).counters()) {
            total += counter.count();
        }
        return (long) total;
    }

    private static String key(String group, String topic) {
        return group + '\u0000' + topic;
    }
}
