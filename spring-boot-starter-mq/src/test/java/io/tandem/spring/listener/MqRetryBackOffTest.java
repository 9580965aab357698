package io.tandem.spring.listener;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MqRetryBackOffTest {

    @Test
    void shouldMapEachWaitToTheShortestDelayLevelAtLeastAsLong() {
        // waits 1 s, 2 s, 4 s, 8 s, 16 s, 32 s, then 1 min: levels 1 s, 5 s, 5 s, 10 s, 30 s, 1 min, 1 min
        assertThat(MqRetryBackOff.delayLevels(Duration.ofSeconds(1), 2.0, Duration.ofMinutes(1),
                MqRetryBackOff.DEFAULT_DELAY_LEVELS)).containsExactly(1, 2, 2, 3, 4, 5, 5);
    }

    @Test
    void shouldKeepOneLevelWithoutMultiplierAndStopAtTheLongestLevel() {
        List<Duration> levels = List.of(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(400));
        assertThat(MqRetryBackOff.delayLevels(Duration.ofMillis(150), 1.0, null, levels)).containsExactly(2);
        assertThat(MqRetryBackOff.delayLevels(Duration.ofMillis(150), 3.0, null, levels)).containsExactly(2, 3);
        assertThat(MqRetryBackOff.delayLevels(Duration.ofSeconds(5), 2.0, null, levels)).containsExactly(3);
    }

    @Test
    void shouldNameTheInvalidSetting() {
        assertThatThrownBy(() -> MqRetryBackOff.delayLevels(Duration.ZERO, 2.0, null,
                MqRetryBackOff.DEFAULT_DELAY_LEVELS)).hasMessageContaining("initial interval must be positive");
        assertThatThrownBy(() -> MqRetryBackOff.delayLevels(Duration.ofSeconds(1), 0.5, null,
                MqRetryBackOff.DEFAULT_DELAY_LEVELS)).hasMessageContaining("multiplier must be at least 1");
        assertThatThrownBy(() -> MqRetryBackOff.delayLevels(Duration.ofSeconds(10), 2.0, Duration.ofSeconds(1),
                MqRetryBackOff.DEFAULT_DELAY_LEVELS)).hasMessageContaining("below the initial interval");
    }
}
