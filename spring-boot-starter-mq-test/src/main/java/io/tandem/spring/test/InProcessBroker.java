package io.tandem.spring.test;

import io.tandem.protocol.txn.EndOfChecks;
import io.tandem.server.Broker;
import io.tandem.server.config.BrokerConfig;
import io.tandem.server.txn.CheckBackPolicy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Tandem's broker and name server in this JVM, which must be Java 25 or later: the only class of this artifact
 * besides {@link MqTestCoordinator} that uses the broker's classes, so that the others load on Java 17. Thread-safe.
 */
final class InProcessBroker implements BrokerHandle {

    private final Broker broker;

    private InProcessBroker(Broker broker) {
        this.broker = broker;
    }

    /**
     * Starts a broker storing under {@code directory} on free ports of 127.0.0.1, with a small store and SQL92
     * property filtering on.
     *
     * @throws UncheckedIOException if the store or a port cannot be opened
     */
    static InProcessBroker start(Path directory, List<Duration> delayLevels, Duration transactionTimeout,
                                 boolean builtInCheckBack) {
        BrokerConfig.Builder builder = BrokerConfig.builder(directory)
                .randomPorts()
                .builtInCheckBack(builtInCheckBack)
                .propertyFilter(true)
                .store(store -> store.segmentSize(64L << 20).tailCacheSize(16L << 20));
        if (!delayLevels.isEmpty()) {
            builder.delayLevels(delayLevels);
        }
        if (transactionTimeout != null) {
            builder.checkBack(new CheckBackPolicy(transactionTimeout, transactionTimeout.multipliedBy(4),
                    CheckBackPolicy.DEFAULT.maxChecks(), EndOfChecks.ROLLBACK));
        }
        try {
            return new InProcessBroker(Broker.start(builder.build()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the test broker in " + directory, e);
        }
    }

    Broker broker() {
        return broker;
    }

    @Override
    public String nameServerAddress() {
        return broker.nameServerAddress();
    }

    @Override
    public String brokerAddress() {
        return broker.brokerAddress();
    }

    @Override
    public void close() {
        broker.close();
    }
}
