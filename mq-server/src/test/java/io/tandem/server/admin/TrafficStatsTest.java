package io.tandem.server.admin;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tandem.server.metrics.BrokerMetrics;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Totals, day marks and rates as the operators' tools read them, on a clock the test moves. */
class TrafficStatsTest {

    /** A clock that only moves when told to. */
    private static final class TestClock extends Clock {
        private Instant now;

        TestClock(Instant start) {
            this.now = start;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final BrokerMetrics metrics = new BrokerMetrics(registry);
    private final TestClock clock = new TestClock(Instant.parse("2026-03-01T22:00:00Z"));
    private final TrafficStats traffic = new TrafficStats(registry, clock, ZoneOffset.UTC);

    @Test
    void shouldReadRatesOverTheLastTenSecondsMinuteAndTenMinutes() {
        for (int second = 0; second < 600; second++) {
            clock.advance(Duration.ofSeconds(1));
            // 2 messages a second for the first 540 s, then 20 a second.
            metrics.messagesIn("t", second < 540 ? 2 : 20, 100);
            metrics.messagesOut("t", "g", 1, 10);
            traffic.sample();
        }

        TrafficStats.Snapshot snapshot = traffic.snapshot();

        assertThat(snapshot.putTps().lastTenSeconds()).isCloseTo(20, within(0.01));
        assertThat(snapshot.putTps().lastMinute()).isCloseTo(20, within(0.01));
        assertThat(snapshot.putTps().lastTenMinutes()).isCloseTo((539 * 2 + 60 * 20) / 599.0, within(0.01));
        assertThat(snapshot.putTps().text()).isEqualTo("20.00 20.00 3.80");
        assertThat(snapshot.getTps().lastMinute()).isCloseTo(1, within(0.01));
        assertThat(traffic.consumeTps("g", "t")).isCloseTo(1, within(0.01));
        assertThat(traffic.consumeTps("g", "other")).isZero();
        assertThat(snapshot.putTotal()).isEqualTo(540 * 2 + 60 * 20);
        assertThat(snapshot.putBytes()).isEqualTo(600 * 100);
    }

    @Test
    void shouldMarkTheTotalsAtEachLocalMidnight() {
        metrics.messagesIn("t", 5, 0);
        clock.advance(Duration.ofHours(1));
        traffic.sample();
        metrics.messagesIn("t", 7, 0);
        clock.advance(Duration.ofHours(2));
        traffic.sample();
        metrics.messagesIn("t", 11, 0);

        TrafficStats.Snapshot firstMorning = traffic.snapshot();
        assertThat(firstMorning.putYesterdayMorning()).isZero();
        assertThat(firstMorning.putTodayMorning()).as("total at the first sample after midnight").isEqualTo(5 + 7);
        assertThat(firstMorning.putTotal()).as("read from the meters, not the last sample").isEqualTo(5 + 7 + 11);

        clock.advance(Duration.ofDays(1));
        TrafficStats.Snapshot secondMorning = traffic.snapshot();
        assertThat(secondMorning.putYesterdayMorning()).isEqualTo(5 + 7);
        assertThat(secondMorning.putTodayMorning()).isEqualTo(5 + 7 + 11);

        clock.advance(Duration.ofDays(3));
        metrics.messagesIn("t", 1, 0);
        TrafficStats.Snapshot afterAGap = traffic.snapshot();
        assertThat(afterAGap.putYesterdayMorning()).as("unknown after days without a sample: nothing yesterday")
                .isEqualTo(afterAGap.putTodayMorning()).isEqualTo(5 + 7 + 11 + 1);
    }
}
