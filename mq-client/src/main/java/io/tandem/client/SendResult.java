package io.tandem.client;

import io.tandem.protocol.body.MessageQueue;

import java.util.Objects;

/**
 * What a broker answered to a stored send. For a batch, {@link #messageId()} and {@link #offsetMessageId()} hold
 * the ids of all members joined by commas, in send order, and {@link #queueOffset()} is the first member's offset.
 *
 * @param status          how durable the message is
 * @param messageId       the message's unique key (UNIQ_KEY), the id consumers see
 * @param offsetMessageId the broker's id of the stored record (fact sheet 4.3)
 * @param queue           the queue it went to
 * @param queueOffset     its logical offset in that queue (for delayed messages: in the broker's holding queue)
 * @param transactionId   the broker's transaction id (the unique key), or null
 */
public record SendResult(SendStatus status, String messageId, String offsetMessageId, MessageQueue queue,
                         long queueOffset, String transactionId) {

    public SendResult {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(queue, "queue");
    }
}
