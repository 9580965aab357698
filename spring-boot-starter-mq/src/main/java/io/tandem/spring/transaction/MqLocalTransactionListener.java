package io.tandem.spring.transaction;

import io.tandem.client.producer.TransactionState;
import org.springframework.messaging.Message;

/**
 * The local transaction behind transactional messages sent with
 * {@link io.tandem.spring.core.MqTemplate#sendInTransaction}: a bean annotated with
 * {@link io.tandem.spring.annotation.MqTransactionListener}, which says the topics or transaction types it serves.
 * Any number of them may live in one application.
 *
 * <p>{@link #execute} runs on the sending thread right after the broker stored the half message, in the caller's
 * transaction:
 * <ul>
 * <li>called outside any Spring transaction, it runs in none of the starter's: begin one if the local transaction
 * has several steps (a {@code TransactionTemplate} with the default propagation, which also joins the caller's
 * transaction where there is one). Its answer is reported at once.</li>
 * <li>called inside a Spring transaction on the application's database, it runs in that transaction (repositories
 * and {@code JdbcTemplate} take part in it), and the message follows it: committed only if the transaction commits
 * and the answer is COMMIT, rolled back if the transaction rolls back or the answer is ROLLBACK. Work done in a
 * transaction of its own ({@code REQUIRES_NEW}) does not roll back with the caller's. An exception propagates to the
 * caller.</li>
 * </ul>
 *
 * <p>{@link #check} answers the broker's check-back for a half message still undecided, on one of the producer's
 * check threads ({@code tandem.mq.transaction.check-threads}), in no transaction, possibly in another instance of the
 * application than the one that sent it; it sees only what was committed. For a message sent inside a Spring
 * transaction it is asked only after that transaction committed with the answer UNKNOWN: until the transaction ends,
 * check-backs are answered from the transaction log, which waits for it. A thrown exception or a null answer counts
 * as {@link TransactionState#UNKNOWN}: the broker asks again.
 *
 * @param <T> the payload type; {@link #check} receives the payload converted back from the message body by the
 *            starter's message converter ({@code byte[]} when T is not resolvable)
 */
public interface MqLocalTransactionListener<T> {

    /**
     * Runs the local transaction of {@code message}, in the caller's transaction if there is one (see above).
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
