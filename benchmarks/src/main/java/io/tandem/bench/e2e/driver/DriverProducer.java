package io.tandem.bench.e2e.driver;

import java.util.List;

/**
 * Sends messages through one client. The blocking sends return once the broker acknowledged the message and throw
 * when it did not (refused, failed, timed out); a send the broker stored without confirming it durably (e.g.
 * RocketMQ's FLUSH_DISK_TIMEOUT) is a failure too.
 */
public interface DriverProducer extends AutoCloseable {

    void send(String topic, byte[] body) throws Exception;

    /** Sends {@code bodies} as one batch request (or the client's closest equivalent) and waits for all of them. */
    void sendBatch(String topic, List<byte[]> bodies) throws Exception;

    /** Sends without waiting; {@code completion} is called once, from a client thread. */
    void sendAsync(String topic, byte[] body, SendCompletion completion);

    /**
     * Sends a transactional half message, commits it once stored, and returns when the broker took the half and the
     * commit was sent.
     *
     * @throws UnsupportedOperationException if the client cannot
     */
    void sendInTransaction(String topic, byte[] body) throws Exception;

    @Override
    void close();

    /** The outcome of an asynchronous send. */
    @FunctionalInterface
    interface SendCompletion {
        /** @param failure null if the broker acknowledged the message */
        void completed(Throwable failure);
    }
}
