package io.tandem.spring.listener;

/** How a listener is called for the messages of one queue. */
public enum ConsumeMode {
    /**
     * Several messages at once, on up to {@code concurrency} threads, in no particular order; a failed message is
     * retried later through the broker while the others go on.
     */
    CONCURRENTLY,
    /**
     * One message of a queue at a time, in queue order (the order of a sharding key, see
     * {@link io.tandem.spring.core.MqTemplate#sendOrderly}); different queues run in parallel on up to
     * {@code concurrency} threads. A failed message is delivered again after a pause and holds its queue back.
     */
    ORDERLY
}
