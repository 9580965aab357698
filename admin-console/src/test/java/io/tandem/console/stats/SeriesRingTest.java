package io.tandem.console.stats;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class SeriesRingTest {

    @Test
    void shouldDeriveRatesFromSuccessiveSamples() {
        SeriesRing ring = new SeriesRing(10);
        ring.record(1_000, Map.of("in", 100L));
        ring.record(3_000, Map.of("in", 300L));
        ring.record(4_000, Map.of("in", 350L));

        assertThat(ring.rates("in", 0)).containsExactly(new Point(3_000, 100), new Point(4_000, 50));
        assertThat(ring.latestRate("in")).isCloseTo(50.0, within(0.001));
    }

    @Test
    void shouldKeepOnlyTheLastCapacitySamplesAndDropSeriesThatLeftThem() {
        SeriesRing ring = new SeriesRing(3);
        ring.record(1, Map.of("gone", 1L, "kept", 1L));
        for (long t = 2; t <= 5; t++) {
            ring.record(t, Map.of("kept", t));
        }

        assertThat(ring.points("kept", 0)).extracting(Point::timeMs).containsExactly(3L, 4L, 5L);
        assertThat(ring.names()).containsExactly("kept");
        assertThat(ring.points("gone", 0)).isEmpty();
    }

    @Test
    void shouldCountACounterThatWentDownAsNoTrafficAndSkipSamplesWithoutTheSeries() {
        SeriesRing ring = new SeriesRing(10);
        ring.record(1_000, Map.of("topic", 500L));
        ring.record(2_000, Map.of());
        ring.record(3_000, Map.of("topic", 20L));

        assertThat(ring.points("topic", 0)).extracting(Point::timeMs).containsExactly(1_000L, 3_000L);
        assertThat(ring.rates("topic", 0)).containsExactly(new Point(3_000, 0));
        assertThat(ring.points("topic", 2_000)).containsExactly(new Point(3_000, 20));
    }
}
