package io.tandem.coordinator.broker;

import java.util.List;

/**
 * The brokers whose halves this coordinator instance resolves, as "host:port" remoting addresses. Read on every
 * round of the duty cycle, so an embedding application can answer with a broker whose port is only known once it
 * started.
 */
@FunctionalInterface
public interface BrokerDirectory {

    /** The current addresses; may be empty. Called from the duty thread; must not block for long. */
    List<String> addresses();
}
