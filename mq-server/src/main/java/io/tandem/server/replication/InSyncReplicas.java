package io.tandem.server.replication;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

/**
 * The leader's view of its replicas: which are connected, what each acknowledged, which are in sync (connected and
 * at most {@code maxLagBytes} behind), and the sends waiting for them. As a {@link ReplicationGate} it refuses sends
 * while fewer than {@code minInSync} members (the leader counted) are in sync, and completes a send's wait once
 * {@code minInSync - 1} in-sync replicas acknowledged its end; a wait fails when the in-sync set shrinks below
 * {@code minInSync} or after {@code syncTimeout}. With {@link ReplicationMode#ASYNC} nothing waits.
 *
 * <p>Thread-safe: replicas report from the network threads, sends wait from any thread; one monitor guards the
 * waiters.
 */
public final class InSyncReplicas implements ReplicationGate {

    private static final Logger LOG = LoggerFactory.getLogger(InSyncReplicas.class);

    private record Waiter(long end, CompletableFuture<Void> future) {
    }

    private static final class Replica {
        final long brokerId;
        final String address;
        volatile long acked;
        volatile boolean inSync;

        Replica(long brokerId, String address, long acked) {
            this.brokerId = brokerId;
            this.address = address;
            this.acked = acked;
        }
    }

    private final ReplicationConfig config;
    private final LongSupplier leaderEnd;
    private final ScheduledExecutorService timer;
    private final Map<Long, Replica> replicas = new ConcurrentHashMap<>();
    private volatile long readableEnd;
    private volatile LongConsumer readableListener = end -> { };
    private final PriorityQueue<Waiter> waiters = new PriorityQueue<>(Comparator.comparingLong(Waiter::end));
    /** Replicas whose acknowledgements count, or null for all: the controller's in-sync set in controlled mode. */
    private volatile Set<Long> eligible;
    /** The furthest end acknowledged to a client as replicated. */
    private volatile long acknowledgedEnd = -1;

    /**
     * @param leaderEnd the leader's replicable end, the position lags are measured from
     * @param timer     runs the sync timeouts
     */
    public InSyncReplicas(ReplicationConfig config, LongSupplier leaderEnd, ScheduledExecutorService timer) {
        this.config = config;
        this.leaderEnd = leaderEnd;
        this.timer = timer;
        this.readableEnd = leaderEnd.getAsLong();
    }

    /**
     * The log position up to which consumers may read: on a {@code replication=sync} leader that waits for replicas,
     * the furthest end that enough in-sync members hold (it never moves back; it starts at the log end this leader
     * took over with, which is the group's history from then on). A message beyond it could still be cut by a
     * failover, and a new leader would give its queue offset to another message. {@code Long.MAX_VALUE} otherwise.
     */
    public long readableEnd() {
        return config.mode() != ReplicationMode.SYNC || config.minInSync() <= 1 ? Long.MAX_VALUE : readableEnd;
    }

    /** Tells {@code listener} each new readable end (from the thread that moved it). */
    public void onReadableAdvance(LongConsumer listener) {
        this.readableListener = listener;
    }

    /** A replica connected, starting from {@code position}; it replaces an earlier connection of the same id. */
    public void joined(long brokerId, String address, long position) {
        replicas.put(brokerId, new Replica(brokerId, address, position));
        LOG.info("replica {} at {} connected from position {}", brokerId, address, position);
        acknowledged(brokerId, position);
    }

    /** A replica's connection closed. */
    public void left(long brokerId, String address) {
        Replica replica = replicas.get(brokerId);
        if (replica == null || !replica.address.equals(address)) {
            return;
        }
        replicas.remove(brokerId);
        LOG.warn("replica {} at {} disconnected at position {}{}", brokerId, address, replica.acked,
                replica.inSync ? ", leaving the in-sync set" : "");
        reevaluate();
    }

    /** A replica acknowledged that its log is durable up to {@code position}. */
    public void acknowledged(long brokerId, long position) {
        Replica replica = replicas.get(brokerId);
        if (replica == null) {
            return;
        }
        if (position > replica.acked) {
            replica.acked = position;
        }
        reevaluate();
    }

    /** Re-judges the in-sync set (lags change as the leader's log grows) and completes or fails waiting sends. */
    public void reevaluate() {
        long end = leaderEnd.getAsLong();
        for (Replica replica : replicas.values()) {
            boolean inSync = end - replica.acked <= config.maxLagBytes();
            if (inSync != replica.inSync) {
                replica.inSync = inSync;
                if (inSync) {
                    LOG.info("replica {} joined the in-sync set at position {}", replica.brokerId, replica.acked);
                } else {
                    LOG.warn("replica {} left the in-sync set: {} bytes behind (more than {})", replica.brokerId,
                            end - replica.acked, config.maxLagBytes());
                }
            }
        }
        if (config.mode() != ReplicationMode.SYNC) {
            return;
        }
        List<CompletableFuture<Void>> done = new ArrayList<>();
        List<CompletableFuture<Void>> failed = new ArrayList<>();
        String shortfall = refusal();
        long replicated = replicatedEnd();
        synchronized (waiters) {
            Waiter waiter;
            while ((waiter = waiters.peek()) != null && (waiter.end() <= replicated || shortfall != null)) {
                waiters.poll();
                (waiter.end() <= replicated ? done : failed).add(waiter.future());
            }
        }
        if (!done.isEmpty()) {
            synchronized (waiters) {
                acknowledgedEnd = Math.max(acknowledgedEnd, Math.min(replicated, leaderEnd.getAsLong()));
            }
        }
        long readable = Math.min(replicated, leaderEnd.getAsLong());
        boolean advanced = false;
        synchronized (waiters) {
            if (readable > readableEnd) {
                readableEnd = readable;
                advanced = true;
            }
        }
        if (advanced) {
            readableListener.accept(readable);
        }
        done.forEach(future -> future.complete(null));
        failed.forEach(future -> future.completeExceptionally(new NotReplicatedException(
                "stored on the leader but not acknowledged: " + shortfall)));
    }

    /** The end every one of {@code minInSync - 1} in-sync replicas has acknowledged (max value if none is needed). */
    private long replicatedEnd() {
        int needed = config.minInSync() - 1;
        if (needed <= 0) {
            return Long.MAX_VALUE;
        }
        long[] acked = replicas.values().stream().filter(this::counts).mapToLong(r -> r.acked).sorted().toArray();
        return acked.length < needed ? -1 : acked[acked.length - needed];
    }

    /** Members in sync now whose acknowledgements count, the leader counted. */
    public int inSyncCount() {
        return 1 + (int) replicas.values().stream().filter(this::counts).count();
    }

    private boolean counts(Replica replica) {
        Set<Long> only = eligible;
        return replica.inSync && (only == null || only.contains(replica.brokerId));
    }

    /**
     * Counts the acknowledgements of these replicas only (null: of every in-sync replica). A controlled leader
     * passes the in-sync set the controller accepted, so that a message is acknowledged only once it is held by
     * members a new leader would be elected from.
     */
    public void eligible(Set<Long> replicaIds) {
        this.eligible = replicaIds == null ? null : Set.copyOf(replicaIds);
        reevaluate();
    }

    /** The furthest log end a send was acknowledged for as replicated (-1 before any, or when nothing waits). */
    public long acknowledgedEnd() {
        return acknowledgedEnd;
    }

    /** Every connected replica, by broker id. */
    public List<ReplicaStatus> status() {
        long end = leaderEnd.getAsLong();
        return replicas.values().stream().sorted(Comparator.comparingLong(r -> r.brokerId))
                .map(r -> new ReplicaStatus(r.brokerId, r.address, r.acked, Math.max(0, end - r.acked), r.inSync))
                .toList();
    }

    @Override
    public String refusal() {
        if (config.mode() != ReplicationMode.SYNC) {
            return null;
        }
        int inSync = inSyncCount();
        if (inSync >= config.minInSync()) {
            return null;
        }
        return "replication=sync needs min-in-sync=" + config.minInSync() + " members in sync, " + inSync
                + " are (the leader and replicas " + replicas.values().stream().filter(r -> r.inSync)
                .map(r -> String.valueOf(r.brokerId)).toList() + ")";
    }

    @Override
    public CompletableFuture<Void> replicated(long end) {
        if (config.mode() != ReplicationMode.SYNC) {
            return CompletableFuture.completedFuture(null);
        }
        if (end <= replicatedEnd()) {
            synchronized (waiters) {
                acknowledgedEnd = Math.max(acknowledgedEnd, end);
            }
            return CompletableFuture.completedFuture(null);
        }
        String shortfall = refusal();
        if (shortfall != null) {
            return CompletableFuture.failedFuture(new NotReplicatedException(
                    "stored on the leader but not acknowledged: " + shortfall));
        }
        CompletableFuture<Void> future = new CompletableFuture<>();
        synchronized (waiters) {
            waiters.add(new Waiter(end, future));
        }
        long timeoutMs = config.syncTimeout().toMillis();
        timer.schedule(() -> {
            boolean removed;
            synchronized (waiters) {
                removed = waiters.removeIf(waiter -> waiter.future() == future);
            }
            if (removed) {
                future.completeExceptionally(new NotReplicatedException("stored on the leader but not acknowledged:"
                        + " fewer than " + (config.minInSync() - 1) + " in-sync replicas confirmed position " + end
                        + " within " + config.syncTimeout().toMillis() + " ms"));
            }
        }, timeoutMs, TimeUnit.MILLISECONDS);
        // An acknowledgement may have arrived between the check and the registration.
        reevaluate();
        return future;
    }
}
