package io.tandem.coordinator.support;

import io.tandem.protocol.txn.EndOfChecks;
import io.tandem.server.testing.RunningBroker;
import io.tandem.server.txn.CheckBackPolicy;

import java.time.Duration;

/**
 * The broker preset of the coordinator's tests: a {@link RunningBroker} with its own check duty off (the coordinator
 * under test does the checking) and a transaction timeout of {@link #TRANSACTION_TIMEOUT}.
 *
 * <p>Thread-safe to read once started; start and close from the test's thread. Failures to start are those of
 * {@link RunningBroker#start()}.
 */
public final class TestBroker implements AutoCloseable {

    /** The broker's default per-message transaction timeout in these tests: halves are due this long after. */
    public static final Duration TRANSACTION_TIMEOUT = Duration.ofMillis(300);

    private final RunningBroker broker;

    private TestBroker(RunningBroker broker) {
        this.broker = broker;
    }

    /** Starts the broker in a temporary directory that {@link #close()} deletes. */
    public static TestBroker start() {
        return new TestBroker(RunningBroker.configured(config -> config.builtInCheckBack(false)
                .checkBack(new CheckBackPolicy(TRANSACTION_TIMEOUT, Duration.ofSeconds(1), 15, EndOfChecks.ROLLBACK)))
                .start());
    }

    /** {@code 127.0.0.1:port} of the broker. */
    public String address() {
        return broker.brokerAddress();
    }

    @Override
    public void close() {
        broker.close();
    }
}
