package io.tandem.client.producer;

import io.tandem.client.SendResult;

import java.util.Objects;

/**
 * The result of {@link Producer#sendInTransaction}: how the half message was stored and what the local transaction
 * decided. {@code sendResult().messageId()} is the transaction id.
 *
 * @param sendResult the half message's send result
 * @param state      the decision reported to the broker ({@link TransactionState#ROLLBACK} when the half message
 *                   was not stored with SEND_OK)
 */
public record TransactionSendResult(SendResult sendResult, TransactionState state) {

    public TransactionSendResult {
        Objects.requireNonNull(sendResult, "sendResult");
        Objects.requireNonNull(state, "state");
    }
}
