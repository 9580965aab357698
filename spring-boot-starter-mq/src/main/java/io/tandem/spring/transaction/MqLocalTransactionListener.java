package io.tandem.spring.transaction;

import io.tandem.client.producer.TransactionState;
import org.springframework.messaging.Message;

/**
 * The local transaction behind transactional messages sent with
 * {@link io.tandem.spring.core.MqTemplate#sendInTransaction}: a bean annotated with
 * {@link io.tandem.spring.annotation.MqTransactionListener}, which says the topics or transaction types it serves.
 * Any number of them may live in one application.
 *
 * <p>{@link #execute} runs on the sending thread right after the broker stored the half message; {@link #check}
 * answers the broker's check-back for a half message still undecided, on one of the producer's check threads
 * ({@code tandem.mq.transaction.check-threads}), possibly in another instance of the application than the one that
 * sent it. A thrown exception or a null answer counts as {@link TransactionState#UNKNOWN}: the broker asks again.
 *
 * @param <T> the payload type; {@link #check} receives the payload converted back from the message body by the
 *            starter's message converter ({@code byte[]} when T is not resolvable)
 */
public interface MqLocalTransactionListener<T> {

    /**
     * Runs the local transaction of {@code message}.
     *
     * @param message the payload as given to the send, with the message's headers
     * @param arg     the argument given to {@code sendInTransaction}
     */
    TransactionState execute(Message<T> message, Object arg);

    /**
     * Tells the outcome of the local transaction of a half message the broker still waits for, typically by looking
     * it up by the message's keys ({@code MqHeaders.KEYS}) in the application's database.
     */
    TransactionState check(Message<T> message);
}
