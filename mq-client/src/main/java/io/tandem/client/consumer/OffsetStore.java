package io.tandem.client.consumer;

import io.tandem.protocol.body.MessageQueue;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Where a consumer keeps the offsets it consumed up to: on the brokers for clustering groups
 * ({@link BrokerOffsetStore}), locally for broadcasting consumers ({@link LocalOffsetStore}). Offsets are the next
 * offset to consume. Thread-safe.
 *
 * <p>Design note: an abstract class rather than an interface because both stores keep the offsets of the queues a
 * consumer owns in memory the same way; they differ only in where those are persisted and read back.
 */
abstract sealed class OffsetStore permits BrokerOffsetStore, LocalOffsetStore {

    /** A queue the store has no offset for. */
    static final long NONE = -1;

    private final Map<MessageQueue, AtomicLong> memory = new ConcurrentHashMap<>();

    /** Records {@code offset} in memory; with {@code increaseOnly} an older offset never replaces a newer one. */
    final void update(MessageQueue queue, long offset, boolean increaseOnly) {
        AtomicLong current = memory.computeIfAbsent(queue, ignored -> new AtomicLong(NONE));
        if (increaseOnly) {
            current.accumulateAndGet(offset, Math::max);
        } else {
            current.set(offset);
        }
    }

    /** The offset in memory, or {@link #NONE}. */
    final long inMemory(MessageQueue queue) {
        AtomicLong offset = memory.get(queue);
        return offset == null ? NONE : offset.get();
    }

    /** Forgets the in-memory offset of a queue that is no longer owned. */
    final void forget(MessageQueue queue) {
        memory.remove(queue);
    }

    /**
     * The persisted offset (from the broker, or the local file), or {@link #NONE}; also remembered in memory.
     *
     * @throws io.tandem.client.MqClientException if the broker cannot be asked
     */
    abstract long readPersisted(MessageQueue queue);

    /** Persists the in-memory offsets of {@code queues}; the periodic commit, not waiting for answers. */
    abstract void persist(Collection<MessageQueue> queues);

    /** Persists the in-memory offsets of {@code queues} and waits until stored; failures are logged. */
    abstract void persistAndWait(Collection<MessageQueue> queues);
}
