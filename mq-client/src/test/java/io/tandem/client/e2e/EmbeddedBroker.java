package io.tandem.client.e2e;

import io.tandem.client.ClientConfig;
import io.tandem.server.Broker;
import io.tandem.server.config.BrokerConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;

/**
 * A real Tandem broker with its name server for end-to-end tests: random ports on 127.0.0.1, a small store, and
 * delay levels of {@code level x 200 ms} so retries and delayed messages come back quickly. {@link #bounce()} restarts it
 * on the same data directory and ports.
 */
final class EmbeddedBroker implements AutoCloseable {

    /** Delay level {@code n} waits {@code n * LEVEL_STEP}. */
    static final Duration LEVEL_STEP = Duration.ofMillis(200);

    private final Path directory;
    private final UnaryOperator<BrokerConfig.Builder> customizer;
    private Broker broker;

    private EmbeddedBroker(Path directory, UnaryOperator<BrokerConfig.Builder> customizer) {
        this.directory = directory;
        this.customizer = customizer;
    }

    static EmbeddedBroker start(Path directory) {
        return start(directory, UnaryOperator.identity());
    }

    static EmbeddedBroker start(Path directory, UnaryOperator<BrokerConfig.Builder> customizer) {
        EmbeddedBroker embedded = new EmbeddedBroker(directory, customizer);
        embedded.restart(0, 0);
        return embedded;
    }

    private void restart(int nameServerPort, int brokerPort) {
        List<Duration> levels = IntStream.rangeClosed(1, 18).mapToObj(LEVEL_STEP::multipliedBy).toList();
        BrokerConfig.Builder builder = BrokerConfig.builder(directory)
                .nameServerPort(nameServerPort)
                .brokerPort(brokerPort)
                .delayLevels(levels)
                .store(store -> store.segmentSize(64L << 20).tailCacheSize(16L << 20));
        try {
            broker = Broker.start(customizer.apply(builder).build());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Broker broker() {
        return broker;
    }

    String nameServer() {
        return broker.nameServerAddress();
    }

    String brokerAddress() {
        return broker.brokerAddress();
    }

    private static int port(String address) {
        return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
    }

    /** Client settings for this broker with fast heartbeats and route refreshes. */
    ClientConfig clientConfig() {
        return ClientConfig.builder(nameServer())
                .heartbeatInterval(Duration.ofSeconds(2))
                .routeRefreshInterval(Duration.ofSeconds(1))
                .build();
    }

    /** Stops and starts the broker again on the same data directory and ports. */
    void bounce() {
        int nameServerPort = port(broker.nameServerAddress());
        int brokerPort = port(broker.brokerAddress());
        broker.close();
        restart(nameServerPort, brokerPort);
    }

    @Override
    public void close() {
        broker.close();
    }
}
