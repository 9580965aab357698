package io.tandem.app;

import io.tandem.coordinator.broker.BrokerDirectory;
import io.tandem.server.Broker;
import io.tandem.server.boot.BrokerLifecycle;

import java.util.List;
import java.util.Objects;

/**
 * The broker of this process, by the address it advertises in routes, once it has started (its port may have been
 * chosen by the OS); no broker before it started and after it stopped. Thread-safe.
 */
public final class LocalBrokerDirectory implements BrokerDirectory {

    private final BrokerLifecycle broker;

    public LocalBrokerDirectory(BrokerLifecycle broker) {
        this.broker = Objects.requireNonNull(broker, "broker");
    }

    @Override
    public List<String> addresses() {
        return broker.broker().map(Broker::brokerAddress).map(List::of).orElse(List.of());
    }
}
