package io.tandem.client.consumer;

import io.tandem.client.ReceivedMessage;
import io.tandem.protocol.body.ConsumerRunningInfo;
import io.tandem.protocol.body.MessageQueue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The messages of one owned queue that were pulled and are not yet consumed, keyed by queue offset, with their
 * count and body bytes for flow control. The offset a consumer may commit is the smallest offset still cached (or
 * one past the largest ever cached when none is left): a message that failed and waits for a retry holds the offset
 * back. Thread-safe; the cache is guarded by this object's monitor.
 *
 * <p>Orderly consumption moves a batch to a separate "consuming" map while the listener runs, so that a commit
 * covers exactly that batch and a retry puts it back in front of everything newer.
 */
final class ProcessQueue {

    private final MessageQueue queue;
    private final TreeMap<Long, ReceivedMessage> cached = new TreeMap<>();
    private final TreeMap<Long, ReceivedMessage> consuming = new TreeMap<>();
    private long cachedBytes;
    private long highestOffset = -1;
    private volatile boolean dropped;
    private volatile boolean locked;
    private volatile long lockedAtMs;
    private volatile long lastPullAtMs;
    private volatile long lastConsumeAtMs;
    /** Held by an orderly consumer while the listener runs on a batch of this queue. */
    final ReentrantLock consumeLock = new ReentrantLock();
    /** Set while an orderly drain of this queue is running or scheduled. */
    final AtomicBoolean drainScheduled = new AtomicBoolean();

    ProcessQueue(MessageQueue queue) {
        this.queue = queue;
    }

    MessageQueue queue() {
        return queue;
    }

    /** Caches pulled messages (in offset order). */
    synchronized void add(List<ReceivedMessage> messages) {
        for (ReceivedMessage message : messages) {
            if (cached.put(message.queueOffset(), message) == null) {
                cachedBytes += message.body().length;
            }
            highestOffset = Math.max(highestOffset, message.queueOffset());
        }
    }

    /**
     * Forgets consumed messages.
     *
     * @return the offset to commit now, or -1 when nothing was cached
     */
    synchronized long remove(List<ReceivedMessage> messages) {
        if (cached.isEmpty()) {
            return -1;
        }
        for (ReceivedMessage message : messages) {
            ReceivedMessage removed = cached.remove(message.queueOffset());
            if (removed != null) {
                cachedBytes -= removed.body().length;
            }
        }
        return cached.isEmpty() ? highestOffset + 1 : cached.firstKey();
    }

    /** Replaces cached messages by new versions (a local retry with a higher reconsume count). */
    synchronized void replace(List<ReceivedMessage> messages) {
        for (ReceivedMessage message : messages) {
            cached.replace(message.queueOffset(), message);
        }
    }

    /** Orderly: moves up to {@code max} of the oldest cached messages to the consuming map and returns them. */
    synchronized List<ReceivedMessage> take(int max) {
        List<ReceivedMessage> batch = new ArrayList<>(Math.min(max, cached.size()));
        while (batch.size() < max && !cached.isEmpty()) {
            Map.Entry<Long, ReceivedMessage> oldest = cached.pollFirstEntry();
            consuming.put(oldest.getKey(), oldest.getValue());
            batch.add(oldest.getValue());
        }
        return batch;
    }

    /**
     * Orderly: the consuming batch is done.
     *
     * @return the offset to commit (one past the batch), or -1 when nothing was consuming
     */
    synchronized long commit() {
        if (consuming.isEmpty()) {
            return -1;
        }
        long next = consuming.lastKey() + 1;
        for (ReceivedMessage message : consuming.values()) {
            cachedBytes -= message.body().length;
        }
        consuming.clear();
        return next;
    }

    /** Orderly: puts the consuming batch back, as the given new versions, to be delivered again first. */
    synchronized void putBack(List<ReceivedMessage> messages) {
        for (ReceivedMessage message : messages) {
            consuming.remove(message.queueOffset());
            cached.put(message.queueOffset(), message);
        }
    }

    synchronized int count() {
        return cached.size() + consuming.size();
    }

    synchronized long bytes() {
        return cachedBytes;
    }

    synchronized boolean hasCached() {
        return !cached.isEmpty();
    }

    /** Messages of this queue arrived at {@code nowMs}. */
    void pulledAt(long nowMs) {
        lastPullAtMs = nowMs;
    }

    /** The listener returned for messages of this queue at {@code nowMs}. */
    void consumedAt(long nowMs) {
        lastConsumeAtMs = nowMs;
    }

    /** What this queue holds now, as a running-info report shows it, with the offset the consumer commits next. */
    synchronized ConsumerRunningInfo.ProcessQueueInfo info(long commitOffset) {
        long min = Math.min(cached.isEmpty() ? Long.MAX_VALUE : cached.firstKey(),
                consuming.isEmpty() ? Long.MAX_VALUE : consuming.firstKey());
        long max = Math.max(cached.isEmpty() ? -1 : cached.lastKey(), consuming.isEmpty() ? -1 : consuming.lastKey());
        return new ConsumerRunningInfo.ProcessQueueInfo(commitOffset, min == Long.MAX_VALUE ? 0 : min,
                max < 0 ? 0 : max, cached.size() + consuming.size(), (int) (cachedBytes >> 20), locked, lockedAtMs,
                dropped, lastPullAtMs, lastConsumeAtMs);
    }

    /** Stops everything for this queue: no more pulls, consumption results are no longer committed. */
    void drop() {
        dropped = true;
    }

    boolean isDropped() {
        return dropped;
    }

    void locked(boolean locked, long nowMs) {
        this.locked = locked;
        if (locked) {
            this.lockedAtMs = nowMs;
        }
    }

    boolean isLocked() {
        return locked;
    }

    /** Whether the broker's lock was granted within {@code validityMs} before {@code nowMs}. */
    boolean holdsLock(long nowMs, long validityMs) {
        return locked && nowMs - lockedAtMs < validityMs;
    }

    @Override
    public String toString() {
        return "ProcessQueue{" + queue + ", dropped=" + dropped + ", locked=" + locked + '}';
    }
}
