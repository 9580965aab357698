package io.tandem.client.producer;

import io.tandem.client.SendResult;

import java.util.Objects;

/**
 * A half message the broker stored and keeps invisible until {@link Producer#endTransaction} commits or rolls it back
 * (or a check-back decides it). {@code sendResult().messageId()} is the message's unique key, the transaction id
 * check-backs and coordinators name it by.
 *
 * @param sendResult how the broker stored the half message
 * @param topic      the topic the message is delivered to once committed
 */
public record HalfMessage(SendResult sendResult, String topic) {

    public HalfMessage {
        Objects.requireNonNull(sendResult, "sendResult");
        Objects.requireNonNull(topic, "topic");
    }

    /** The transaction id: the message's unique key. */
    public String transactionId() {
        return sendResult.messageId();
    }
}
