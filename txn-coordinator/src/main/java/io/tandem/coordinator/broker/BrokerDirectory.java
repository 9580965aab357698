package io.tandem.coordinator.broker;

import java.util.List;

/**
 * The brokers whose halves this coordinator instance resolves. Each is named by a key the transaction record keeps
 * with its halves: a static broker by its "host:port" remoting address, a broker group found through name servers by
 * its broker name, so that its halves stay the same records when another member becomes its leader. Read on every
 * round of the duty cycle, so an embedding application can answer with a broker whose port is only known once it
 * started.
 */
@FunctionalInterface
public interface BrokerDirectory {

    /** The current broker keys; may be empty. Called from the duty thread; must not block for long. */
    List<String> addresses();

    /**
     * Where requests about {@code broker}'s halves go now: its own address for a static broker, the current leader's
     * for a broker group.
     *
     * @throws BrokerAdminException if the group has no leader at the moment
     */
    default String addressOf(String broker) {
        return broker;
    }

    /** A request to {@code broker} failed: its leader may have changed. Must not block. */
    default void requestFailed(String broker) {
    }
}
