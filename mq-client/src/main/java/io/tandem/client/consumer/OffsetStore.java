package io.tandem.client.consumer;

import io.tandem.protocol.body.MessageQueue;

import java.util.Collection;

/**
 * Where a consumer keeps the offsets it consumed up to: on the brokers for clustering groups
 * ({@link BrokerOffsetStore}), locally for broadcasting consumers ({@link LocalOffsetStore}). Offsets are the next
 * offset to consume. Thread-safe.
 */
interface OffsetStore {

    /** A queue the store has no offset for. */
    long NONE = -1;

    /** Records {@code offset} in memory; with {@code increaseOnly} an older offset never replaces a newer one. */
    void update(MessageQueue queue, long offset, boolean increaseOnly);

    /** The offset in memory, or {@link #NONE}. */
    long inMemory(MessageQueue queue);

    /**
     * The persisted offset (from the broker, or the local file), or {@link #NONE}; also remembered in memory.
     *
     * @throws io.tandem.client.MqClientException if the broker cannot be asked
     */
    long readPersisted(MessageQueue queue);

    /** Persists the in-memory offsets of {@code queues}; the periodic commit, not waiting for answers. */
    void persist(Collection<MessageQueue> queues);

    /** Persists the in-memory offsets of {@code queues} and waits until stored; failures are logged. */
    void persistAndWait(Collection<MessageQueue> queues);

    /** Forgets the in-memory offset of a queue that is no longer owned. */
    void forget(MessageQueue queue);
}
