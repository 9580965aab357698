package io.tandem.coordinator.broker;

/**
 * A transaction admin request that failed: the broker was unreachable, did not answer in time, answered with an
 * error code (in the message, with the broker's remark), or answered with a header or body that does not parse (in
 * the message, with the field and value).
 */
public final class BrokerAdminException extends RuntimeException {

    public BrokerAdminException(String message) {
        super(message);
    }

    public BrokerAdminException(String message, Throwable cause) {
        super(message, cause);
    }
}
