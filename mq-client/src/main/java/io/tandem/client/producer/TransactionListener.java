package io.tandem.client.producer;

import io.tandem.client.Message;
import io.tandem.client.ReceivedMessage;

/**
 * The local side of transactional messages (fact sheet 7.3). {@link #executeLocal} runs right after the broker stored
 * the half message, on the sending thread; {@link #check} answers the broker's check-back about a half message it has
 * no decision for, on a client worker thread, possibly concurrently and possibly in another process of the same
 * producer group than the one that sent it. Implementations must be thread-safe. A thrown exception counts as
 * {@link TransactionState#UNKNOWN}.
 */
public interface TransactionListener {

    /**
     * Runs the local transaction belonging to {@code message}.
     *
     * @param arg the argument given to {@link Producer#sendInTransaction}
     */
    TransactionState executeLocal(Message message, Object arg);

    /**
     * Tells the outcome of the local transaction of a half message the broker still waits for, typically by looking
     * it up by the message's keys or id in the application's database.
     */
    TransactionState check(ReceivedMessage message);
}
