package io.tandem.store;

/**
 * Told when a record becomes readable through its consume queue (for example to wake long-polling consumers).
 * Called on the store's dispatch thread for every record: keep it short and never block.
 */
@FunctionalInterface
public interface MessageArrivalListener {

    /**
     * @param topic       the record's topic
     * @param queueId     its queue
     * @param queueOffset its offset; the queue's max offset is now {@code queueOffset + 1}
     * @param tagHash     its tag hash
     */
    void onArrival(String topic, int queueId, long queueOffset, long tagHash);
}
