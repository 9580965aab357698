package io.tandem.bench.e2e.driver;

/**
 * The broker answered a send without acknowledging it the way the run requires, e.g. RocketMQ's
 * {@code FLUSH_DISK_TIMEOUT}: the message may be stored, but not durably as asked.
 */
public final class NotAcknowledgedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public NotAcknowledgedException(String status) {
        super(status);
    }
}
