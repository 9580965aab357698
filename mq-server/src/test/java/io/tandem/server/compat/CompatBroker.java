package io.tandem.server.compat;

import io.tandem.server.Broker;
import io.tandem.server.config.BrokerConfig;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

/** Starts the broker the compatibility tests run against. */
final class CompatBroker {

    /** Delay level {@code n} waits {@code n * 200 ms}, so retries (level 3 + reconsumeTimes) come back quickly. */
    static final Duration LEVEL_STEP = Duration.ofMillis(200);

    private CompatBroker() {
    }

    static Broker start(Path dataDirectory) throws IOException {
        List<Duration> levels = IntStream.rangeClosed(1, 18).mapToObj(LEVEL_STEP::multipliedBy).toList();
        return Broker.start(BrokerConfig.builder(dataDirectory).randomPorts().delayLevels(levels).build());
    }

    static Duration delayOfLevel(int level) {
        return LEVEL_STEP.multipliedBy(level);
    }
}
