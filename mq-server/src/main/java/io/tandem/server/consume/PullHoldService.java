package io.tandem.server.consume;

import io.tandem.store.MessageArrivalListener;
import io.tandem.server.remoting.RequestContext;

import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongPredicate;

/**
 * Long polling: pulls that found nothing wait here, keyed by (topic, queue), until the store dispatches a message
 * there whose tag hash they accept (woken from the store's arrival callback, not by polling) or until their
 * timeout. Either way the pull is resumed exactly once on its connection's event loop. Thread-safe.
 */
public final class PullHoldService implements MessageArrivalListener, AutoCloseable {

    private static final class Parked {
        final RequestContext context;
        final LongPredicate acceptsTagHash;
        final Runnable resume;
        volatile ScheduledFuture<?> timeout;

        Parked(RequestContext context, LongPredicate acceptsTagHash, Runnable resume) {
            this.context = context;
            this.acceptsTagHash = acceptsTagHash;
            this.resume = resume;
        }
    }

    /** topic → queue id → parked pulls; two lookups instead of building a key for every dispatched record. */
    private final Map<String, Map<Integer, Queue<Parked>>> parked = new ConcurrentHashMap<>();
    private final AtomicInteger parkedCount = new AtomicInteger();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "tandem-pull-hold");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * Parks a pull. {@code resume} runs once: when a matching message arrives or after {@code timeoutMs}. The caller
     * re-checks the queue after parking (see {@link #wake}) so that a message that arrived in between is not missed.
     */
    public void park(String topic, int queueId, RequestContext context, long timeoutMs, LongPredicate acceptsTagHash,
                     Runnable resume) {
        Parked entry = new Parked(context, acceptsTagHash, resume);
        Queue<Parked> queue = parked.computeIfAbsent(topic, t -> new ConcurrentHashMap<>())
                .computeIfAbsent(queueId, q -> new ConcurrentLinkedQueue<>());
        queue.add(entry);
        parkedCount.incrementAndGet();
        entry.timeout = timer.schedule(() -> release(queue, entry), timeoutMs, TimeUnit.MILLISECONDS);
    }

    /** Resumes every pull parked on (topic, queue), whatever it filters on (the queue moved on). */
    public void wake(String topic, int queueId) {
        Queue<Parked> queue = queue(topic, queueId);
        if (queue != null) {
            for (Parked entry : queue) {
                release(queue, entry);
            }
        }
    }

    @Override
    public void onArrival(String topic, int queueId, long queueOffset, long tagHash) {
        Queue<Parked> queue = queue(topic, queueId);
        if (queue == null || queue.isEmpty()) {
            return;
        }
        for (Parked entry : queue) {
            if (entry.acceptsTagHash.test(tagHash)) {
                release(queue, entry);
            }
        }
    }

    /** Pulls waiting now. */
    public int parkedCount() {
        return parkedCount.get();
    }

    private void release(Queue<Parked> queue, Parked entry) {
        if (!queue.remove(entry)) {
            return;
        }
        parkedCount.decrementAndGet();
        ScheduledFuture<?> timeout = entry.timeout;
        if (timeout != null) {
            timeout.cancel(false);
        }
        if (!entry.context.channel().isActive()) {
            return;
        }
        entry.context.channel().eventLoop().execute(entry.resume);
    }

    private Queue<Parked> queue(String topic, int queueId) {
        Map<Integer, Queue<Parked>> queues = parked.get(topic);
        return queues == null ? null : queues.get(queueId);
    }

    @Override
    public void close() {
        timer.shutdownNow();
        for (Map<Integer, Queue<Parked>> queues : parked.values()) {
            for (Queue<Parked> queue : queues.values()) {
                for (Parked entry : queue) {
                    if (queue.remove(entry)) {
                        parkedCount.decrementAndGet();
                    }
                }
            }
        }
    }
}
