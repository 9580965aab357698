package io.tandem.bench.e2e;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CompareTest {

    private static final Duration WORK = Duration.ofSeconds(14);

    @Test
    void shouldCountStartWorkDrainAndStopOfALoneRun() {
        Duration estimate = Compare.estimate(List.of(new Compare.Timing(BrokerKind.ROCKETMQ, WORK)));

        assertThat(estimate).isEqualTo(Duration.ofMillis(10_000 + 14_000 + 600 + 15_000));
    }

    @Test
    void shouldCountOnlyTheLongerOfAStopAndTheNextStart() {
        Duration estimate = Compare.estimate(List.of(new Compare.Timing(BrokerKind.TANDEM, WORK),
                new Compare.Timing(BrokerKind.ROCKETMQ, WORK), new Compare.Timing(BrokerKind.KAFKA, WORK)));

        // Tandem starts (7), RocketMQ's start (10) hides Tandem's stop (1), RocketMQ's stop (15) hides Kafka's start.
        assertThat(estimate).isEqualTo(Duration.ofMillis(7_000 + 3 * 14_600 + 10_000 + 15_000 + 1_500));
    }
}
