package io.tandem.store.index;

import io.tandem.store.MessageArrivalListener;
import io.tandem.store.io.OutOfSpace;
import io.tandem.store.log.CommitLog;
import io.tandem.store.log.RecordCodec;
import io.tandem.store.RecordDescriptor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Tails the commit log and feeds every record to the {@link Indexes}, then tells the arrival listeners.
 * It dispatches up to the position {@code limit} gives: the durable position with SYNC durability (consumers
 * never see a record a crash could take back), the handed-off position with ASYNC (consumers never see a record a
 * crash of the process could take back).
 */
public final class DispatchDuty implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(DispatchDuty.class);
    static final long OUT_OF_SPACE_RETRY_MS = 100;

    private final CommitLog log;
    private final Indexes indexes;
    private final LongSupplier limit;
    private final List<MessageArrivalListener> listeners = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile long dispatchedPosition;
    private volatile boolean running = true;
    private volatile Throwable failure;
    private Consumer<Throwable> outOfSpaceListener = cause -> { };

    public DispatchDuty(CommitLog log, Indexes indexes, LongSupplier limit, long startPosition) {
        this.log = log;
        this.indexes = indexes;
        this.limit = limit;
        this.dispatchedPosition = startPosition;
        this.thread = Thread.ofPlatform().name("tandem-store-dispatch").daemon(true).unstarted(this);
    }

    public void addListener(MessageArrivalListener listener) {
        listeners.add(listener);
    }

    public void start() {
        thread.start();
    }

    public void wakeUp() {
        LockSupport.unpark(thread);
    }

    /** Every record before this position is in the consume queues and the key index. */
    public long dispatchedPosition() {
        return dispatchedPosition;
    }

    public Throwable failure() {
        return failure;
    }

    /**
     * Tells {@code listener} when dispatching a record failed for want of space (see {@link OutOfSpace}). The duty
     * does not fail the log then: it retries the record every {@value #OUT_OF_SPACE_RETRY_MS} ms (dispatching a
     * record again is harmless). Set before {@link #start()}.
     */
    public void onOutOfSpace(Consumer<Throwable> listener) {
        this.outOfSpaceListener = listener;
    }

    @Override
    public void run() {
        while (!dispatchUntilStopped()) {
            pauseBeforeRetry();
        }
    }

    /** Waits {@value #OUT_OF_SPACE_RETRY_MS} ms, or until the duty stops; wake-ups do not cut it short. */
    private void pauseBeforeRetry() {
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(OUT_OF_SPACE_RETRY_MS);
        for (long left = until - System.nanoTime(); running && left > 0; left = until - System.nanoTime()) {
            LockSupport.parkNanos(this, left);
        }
    }

    /** @return false if a record could not be dispatched for want of space: run again after a pause */
    private boolean dispatchUntilStopped() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buffer = arena.allocate(log.maxRecordSize());
            while (running || dispatchedPosition < limit.getAsLong()) {
                long to = limit.getAsLong();
                if (dispatchedPosition >= to) {
                    LockSupport.parkNanos(this, 10_000_000L);
                    continue;
                }
                log.forEachRecord(dispatchedPosition, to, buffer, (position, record) -> {
                    ConsumeQueue queue = indexes.dispatch(position, record);
                    dispatchedPosition = position + RecordCodec.length(record);
                    notifyListeners(queue, record);
                });
                dispatchedPosition = to;
                log.readerProgressed();
            }
        } catch (Throwable e) {
            if (running && OutOfSpace.isCause(e)) {
                outOfSpaceListener.accept(e);
                LOG.debug("dispatch at position {} failed for want of space ({}); retrying in {} ms",
                        dispatchedPosition, e.getMessage(), OUT_OF_SPACE_RETRY_MS);
                return false;
            }
            failure = e;
            LOG.error("dispatch stopped at position {}: records after it are not readable until the store is reopened",
                    dispatchedPosition, e);
            log.fail(e);
        }
        return true;
    }

    private void notifyListeners(ConsumeQueue queue, MemorySegment record) {
        if (listeners.isEmpty()) {
            return;
        }
        String topic = queue.topic();
        int queueId = queue.queueId();
        long queueOffset = record.get(RecordCodec.LONG, RecordDescriptor.QUEUE_OFFSET_OFFSET);
        long tagHash = record.get(RecordCodec.LONG, RecordDescriptor.TAG_HASH_OFFSET);
        for (MessageArrivalListener listener : listeners) {
            try {
                listener.onArrival(topic, queueId, queueOffset, tagHash);
            } catch (RuntimeException e) {
                LOG.warn("message arrival listener {} failed", listener, e);
            }
        }
    }

    /** Dispatches what is left up to the limit, then stops. */
    public void stop() throws InterruptedException {
        running = false;
        LockSupport.unpark(thread);
        thread.join();
    }
}
