package io.tandem.coordinator.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;
import io.tandem.coordinator.record.CheckAnswer;
import io.tandem.coordinator.record.CheckChannel;
import io.tandem.coordinator.record.DecisionRecord;
import io.tandem.coordinator.record.RecordStatistics;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The coordinator's meters, all named here. Gauges read the last {@link RecordStatistics} the duty cycle took
 * (refreshed every round), so a scrape never queries the database.
 *
 * <table>
 *   <caption>Meters</caption>
 *   <tr><th>name</th><th>type</th><th>tags</th><th>meaning</th></tr>
 *   <tr><td>{@value #PENDING}</td><td>gauge</td><td></td><td>undecided halves (pending and parked)</td></tr>
 *   <tr><td>{@value #PARKED}</td><td>gauge</td><td></td><td>parked halves, waiting for an operator</td></tr>
 *   <tr><td>{@value #OLDEST_AGE}</td><td>time gauge</td><td></td><td>age of the oldest undecided half</td></tr>
 *   <tr><td>{@value #CHECKS}</td><td>counter</td><td>channel, answer</td><td>check attempts by outcome</td></tr>
 *   <tr><td>{@value #CHECK_LATENCY}</td><td>timer</td><td>channel</td><td>time to a producer's answer</td></tr>
 *   <tr><td>{@value #DECISIONS}</td><td>counter</td><td>source, decision</td><td>decisions recorded</td></tr>
 *   <tr><td>{@value #ALERTS}</td><td>counter</td><td>kind</td><td>conditions an operator must look at
 *   (kind=parked)</td></tr>
 * </table>
 *
 * <p>Thread-safe.
 */
public final class CoordinatorMetrics {

    public static final String PENDING = "tandem.coordinator.halves.pending";
    public static final String PARKED = "tandem.coordinator.halves.parked";
    public static final String OLDEST_AGE = "tandem.coordinator.halves.oldest.age";
    public static final String CHECKS = "tandem.coordinator.checks";
    public static final String CHECK_LATENCY = "tandem.coordinator.check.latency";
    public static final String DECISIONS = "tandem.coordinator.decisions";
    public static final String ALERTS = "tandem.coordinator.alerts";

    private final MeterRegistry registry;
    private final Clock clock;
    private final AtomicReference<RecordStatistics> statistics = new AtomicReference<>(RecordStatistics.EMPTY);

    public CoordinatorMetrics(MeterRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
        Gauge.builder(PENDING, statistics, held -> held.get().pending() + held.get().parked())
                .description("Undecided half messages in the transaction record").register(registry);
        Gauge.builder(PARKED, statistics, held -> held.get().parked())
                .description("Parked half messages waiting for an operator").register(registry);
        TimeGauge.builder(OLDEST_AGE, statistics, TimeUnit.MILLISECONDS, this::oldestAgeMs)
                .description("Age of the oldest undecided half message").register(registry);
    }

    /** Replaces the statistics the gauges show. */
    public void statistics(RecordStatistics latest) {
        statistics.set(latest);
    }

    /** Counts a check attempt whose outcome is known, and its latency if measured. */
    public void checked(CheckChannel channel, CheckAnswer answer, Long latencyMs) {
        Counter.builder(CHECKS).tag("channel", channel.name()).tag("answer", answer.name())
                .description("Check attempts by channel and outcome").register(registry).increment();
        if (latencyMs != null) {
            Timer.builder(CHECK_LATENCY).tag("channel", channel.name())
                    .description("Time from a check to the producer's answer").register(registry)
                    .record(Duration.ofMillis(latencyMs));
        }
    }

    /** Counts a decision copied into the record. */
    public void decided(DecisionRecord decision) {
        Counter.builder(DECISIONS).tag("source", decision.source().name()).tag("decision", decision.decision().name())
                .description("Decisions recorded, by who made them").register(registry).increment();
    }

    /** Counts a half parked by the end-of-checks policy. */
    public void parked() {
        Counter.builder(ALERTS).tag("kind", "parked")
                .description("Conditions that need an operator").register(registry).increment();
    }

    private double oldestAgeMs(AtomicReference<RecordStatistics> held) {
        Long oldest = held.get().oldestUndecidedMs();
        return oldest == null ? 0 : Math.max(0, clock.millis() - oldest);
    }
}
