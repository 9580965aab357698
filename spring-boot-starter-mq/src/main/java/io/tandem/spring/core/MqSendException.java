package io.tandem.spring.core;

/**
 * A send through {@link MqTemplate} failed for good: the broker refused it, or it could not be delivered within the
 * configured attempts. The cause is the client's exception of the last attempt
 * ({@link io.tandem.client.MqBrokerException}, {@link io.tandem.client.MqTimeoutException},
 * {@link io.tandem.client.MqConnectException}, ...). After a timeout the broker may still have stored the message.
 */
public class MqSendException extends RuntimeException {

    private final String destination;
    private final int attempts;

    public MqSendException(String destination, int attempts, String message, Throwable cause) {
        super(message, cause);
        this.destination = destination;
        this.attempts = attempts;
    }

    /** The destination ({@code topic} or {@code topic:tag}) of the failed send. */
    public String destination() {
        return destination;
    }

    /** How many times the send was tried; 0 when it was not tried at all (the circuit breaker was open). */
    public int attempts() {
        return attempts;
    }
}
