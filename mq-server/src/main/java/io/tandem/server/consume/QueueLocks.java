package io.tandem.server.consume;

import io.tandem.protocol.body.MessageQueue;
import io.tandem.server.metadata.JsonFile;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Queue locks of orderly consumers (LOCK_BATCH_MQ / UNLOCK_BATCH_MQ, fact sheet 2.12): a queue of a group is held by
 * one client id at a time, for a lease renewed by every lock request. Thread-safe (one monitor per group).
 *
 * <p>A leader keeps its locks in memory. A replica keeps its leader's in {@code locks.json} ({@link #adopt}), and a
 * broker starting from that directory honours them for the rest of their lease: the consumer that held a queue
 * renews its lock on the new leader, and no other consumer takes the queue while the holder may still be consuming
 * it. Failure modes: a damaged {@code locks.json} fails the start, naming the file.
 */
public final class QueueLocks {

    private record Lock(String clientId, long lockedAtMs) {
    }

    /** One held lock, as a leader sends it to its replicas. */
    public record Held(String group, String topic, String brokerName, int queueId, String clientId, long lockedAtMs) {
    }

    /** What {@code locks.json} holds. */
    record LockFile(List<Held> locks) {
    }

    private final Map<String, Map<MessageQueue, Lock>> groups = new ConcurrentHashMap<>();
    private final Clock clock;
    private final long leaseMs;
    private final JsonFile<LockFile> file;
    private List<Held> adopted = List.of();

    /** Locks in memory only. */
    public QueueLocks(Clock clock, Duration lease) {
        this.clock = clock;
        this.leaseMs = lease.toMillis();
        this.file = null;
    }

    /** Locks that start with those a replica kept in {@code metadataDirectory/locks.json}, if any. */
    public QueueLocks(Clock clock, Duration lease, Path metadataDirectory) {
        this.clock = clock;
        this.leaseMs = lease.toMillis();
        this.file = new JsonFile<>(metadataDirectory.resolve("locks.json"), LockFile.class);
        file.read().ifPresent(content -> {
            for (Held held : content.locks() == null ? List.<Held>of() : content.locks()) {
                groups.computeIfAbsent(held.group(), g -> new ConcurrentHashMap<>()).put(
                        new MessageQueue(held.topic(), held.brokerName(), held.queueId()),
                        new Lock(held.clientId(), held.lockedAtMs()));
            }
        });
    }

    /** Every lock whose lease has not run out. */
    public List<Held> held() {
        long now = clock.millis();
        List<Held> held = new ArrayList<>();
        groups.forEach((group, locks) -> {
            synchronized (locks) {
                locks.forEach((queue, lock) -> {
                    if (now - lock.lockedAtMs() <= leaseMs) {
                        held.add(new Held(group, queue.topic(), queue.brokerName(), queue.queueId(), lock.clientId(),
                                lock.lockedAtMs()));
                    }
                });
            }
        });
        held.sort(Comparator.comparing(Held::group).thenComparing(Held::topic).thenComparingInt(Held::queueId));
        return held;
    }

    /**
     * Makes a leader's locks this replica's, in {@code locks.json} (written when they differ from the last ones),
     * for a broker that starts from this directory as leader.
     *
     * @throws IllegalStateException if these locks have no file
     */
    public synchronized void adopt(List<Held> locks) {
        if (file == null) {
            throw new IllegalStateException("these queue locks are kept in memory only");
        }
        if (locks.equals(adopted)) {
            return;
        }
        file.write(new LockFile(List.copyOf(locks)));
        adopted = List.copyOf(locks);
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
