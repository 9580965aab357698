package io.tandem.spring.core;

/**
 * A send was refused without being tried because the broker has been unreachable: the send circuit breaker is open
 * after too many connection failures and timeouts, and lets sends through again once its wait in the open state is
 * over. The message names the breaker, how long it stays open and the last failure that was recorded.
 */
public final class MqBrokerUnavailableException extends MqSendException {

    public MqBrokerUnavailableException(String destination, String message, Throwable cause) {
        super(destination, 0, message, cause);
    }
}
