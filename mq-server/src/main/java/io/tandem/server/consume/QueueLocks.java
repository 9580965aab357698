package io.tandem.server.consume;

import io.tandem.protocol.body.MessageQueue;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Queue locks of orderly consumers (LOCK_BATCH_MQ / UNLOCK_BATCH_MQ, fact sheet 2.12): a queue of a group is held by
 * one client id at a time, for a lease renewed by every lock request. Thread-safe (one monitor per group).
 */
public final class QueueLocks {

    private record Lock(String clientId, long lockedAtMs) {
    }

    private final Map<String, Map<MessageQueue, Lock>> groups = new ConcurrentHashMap<>();
    private final Clock clock;
    private final long leaseMs;

    public QueueLocks(Clock clock, Duration lease) {
        this.clock = clock;
        this.leaseMs = lease.toMillis();
    }

    /** Locks what it can for {@code clientId}; returns the queues it now holds. */
    public Set<MessageQueue> lock(String group, String clientId, Set<MessageQueue> queues) {
        Map<MessageQueue, Lock> locks = groups.computeIfAbsent(group, g -> new ConcurrentHashMap<>());
        Set<MessageQueue> held = new LinkedHashSet<>();
        long now = clock.millis();
        synchronized (locks) {
            for (MessageQueue queue : queues) {
                Lock current = locks.get(queue);
                if (current == null || current.clientId().equals(clientId) || now - current.lockedAtMs() > leaseMs) {
                    locks.put(queue, new Lock(clientId, now));
                    held.add(queue);
                }
            }
        }
        return held;
    }

    /** Releases the queues {@code clientId} holds; others' locks are left alone. */
    public void unlock(String group, String clientId, Set<MessageQueue> queues) {
        Map<MessageQueue, Lock> locks = groups.get(group);
        if (locks == null) {
            return;
        }
        synchronized (locks) {
            for (MessageQueue queue : queues) {
                Lock current = locks.get(queue);
                if (current != null && current.clientId().equals(clientId)) {
                    locks.remove(queue);
                }
            }
        }
    }

    /** Whether any member of {@code group} holds an unexpired lock. */
    public boolean holdsLocks(String group) {
        Map<MessageQueue, Lock> locks = groups.get(group);
        if (locks == null) {
            return false;
        }
        long now = clock.millis();
        return locks.values().stream().anyMatch(lock -> now - lock.lockedAtMs() <= leaseMs);
    }
}
