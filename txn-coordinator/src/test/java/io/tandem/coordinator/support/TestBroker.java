package io.tandem.coordinator.support;

import io.tandem.protocol.txn.EndOfChecks;
import io.tandem.server.Broker;
import io.tandem.server.config.BrokerConfig;
import io.tandem.server.txn.CheckBackPolicy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A real in-process broker on random ports, in a temporary directory, with its own check duty off (the coordinator
 * under test does the checking) and a transaction timeout of {@link #TRANSACTION_TIMEOUT}.
 */
public final class TestBroker implements AutoCloseable {

    /** The broker's default per-message transaction timeout in these tests: halves are due this long after. */
    public static final Duration TRANSACTION_TIMEOUT = Duration.ofMillis(300);

    private final Path directory;
    private final Broker broker;

    private TestBroker(Path directory, Broker broker) {
        this.directory = directory;
        this.broker = broker;
    }

    public static TestBroker start() {
        try {
            Path directory = Files.createTempDirectory("tandem-coordinator-broker");
            Broker broker = Broker.start(BrokerConfig.builder(directory).randomPorts().builtInCheckBack(false)
                    .checkBack(new CheckBackPolicy(TRANSACTION_TIMEOUT, Duration.ofSeconds(1), 15,
                            EndOfChecks.ROLLBACK))
                    .build());
            return new TestBroker(directory, broker);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String address() {
        return broker.brokerAddress();
    }

    @Override
    public void close() {
        broker.close();
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
