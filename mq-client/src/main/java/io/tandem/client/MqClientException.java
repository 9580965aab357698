package io.tandem.client;

/**
 * A client operation failed. The subclasses say why: the broker refused ({@link MqBrokerException}), the topic has
 * no route ({@link TopicNotFoundException}), nothing answered in time ({@link MqTimeoutException}) or no connection
 * could be used ({@link MqConnectException}); this class itself covers misuse of a closed client and local failures.
 * Unchecked: synchronous calls throw it, asynchronous ones complete their future with it.
 */
public class MqClientException extends RuntimeException {

    public MqClientException(String message) {
        super(message);
    }

    public MqClientException(String message, Throwable cause) {
        super(message, cause);
    }
}
