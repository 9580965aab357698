package io.tandem.spring.test;

/**
 * A running test broker as {@link MqTestBroker} sees it: in the test's JVM ({@link InProcessBroker}, Java 25 and
 * later) or in a child process ({@link ChildProcessBroker}). Implementations are thread-safe.
 */
interface BrokerHandle {

    /** {@code host:port} of the name server. */
    String nameServerAddress();

    /** {@code host:port} of the broker. */
    String brokerAddress();

    /** Stops the broker; its data directory is left to the caller. */
    void close();
}
