package io.tandem.client.producer;

import io.tandem.client.Message;
import io.tandem.protocol.body.MessageQueue;

import java.util.List;
import java.util.Objects;

/**
 * Picks the queue for an ordered send. Messages that must stay in order go to the same queue, so a selector usually
 * maps a business key to a queue. Called on the sending thread; must not return null or a queue outside the list.
 */
@FunctionalInterface
public interface MessageQueueSelector {

    /**
     * @param queues  the topic's writable queues, in a stable order (broker name, then queue id)
     * @param message the message being sent
     * @param arg     the argument given to the send call
     */
    MessageQueue select(List<MessageQueue> queues, Message message, Object arg);

    /** The queue at {@code hash(arg) mod queueCount}: equal arguments always pick the same queue. */
    static MessageQueueSelector byArgumentHash() {
        return (queues, message, arg) -> queues.get(Math.floorMod(Objects.hashCode(arg), queues.size()));
    }
}
