package io.tandem.store.log;

import io.tandem.store.Durability;
import io.tandem.store.io.OutOfSpace;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * Moves the commit log's tail-cache bytes to its files and makes them durable: the group commit.
 *
 * <p>With {@link Durability#SYNC} every pass writes everything appended so far and syncs it once, so all
 * appenders waiting meanwhile share one fdatasync. With {@link Durability#ASYNC} bytes are written as soon as
 * they are appended (into the page cache) and synced every flush interval. A failed write or sync is final:
 * the log is failed, waiting appends are failed, and nothing is reported durable past the last good sync. Except
 * when it failed for want of space: then the pass is redone from the last good sync until it succeeds (see
 * {@link #onOutOfSpace}); waiting appends wait.
 */
public final class FlushDuty implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(FlushDuty.class);
    static final long OUT_OF_SPACE_RETRY_MS = 100;
    private static final long OUT_OF_SPACE_LOCK_TIMEOUT_NS = 1_000_000_000L;

    private final CommitLog log;
    private final Durability durability;
    private final long flushIntervalNs;
    private final long writeThreshold;
    private final Runnable afterSync;
    private final Thread thread;
    private volatile boolean running = true;
    private Consumer<Throwable> outOfSpaceListener = cause -> { };

    public FlushDuty(CommitLog log, Durability durability, Duration flushInterval, Runnable afterSync) {
        this.afterSync = afterSync;
        this.log = log;
        this.durability = durability;
        this.flushIntervalNs = flushInterval.toNanos();
        this.writeThreshold = log.tailCapacity() / 4;
        this.thread = Thread.ofPlatform().name("tandem-store-flush").daemon(true).unstarted(this);
        log.onFlushNeeded(this::wakeUp);
    }

    public void start() {
        thread.start();
    }

    /** Called after appends that wait for durability, and by back-pressured appenders. */
    public void wakeUp() {
        LockSupport.unpark(thread);
    }

    /**
     * Tells {@code listener} when a pass failed for want of space (see {@link OutOfSpace}). The duty does not fail
     * the log then: it has the log redo the pass from the durable position and retries every
     * {@value #OUT_OF_SPACE_RETRY_MS} ms, until space is back or the duty stops. Set before {@link #start()}.
     */
    public void onOutOfSpace(Consumer<Throwable> listener) {
        this.outOfSpaceListener = listener;
    }

    @Override
    public void run() {
        while (!flushUntilStopped()) {
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

    /** @return false if a pass failed for want of space and the log is ready to redo it: run again after a pause */
    private boolean flushUntilStopped() {
        long lastSyncNs = System.nanoTime();
        try {
            while (running) {
                if (durability == Durability.SYNC) {
                    long target = log.writePosition();
                    if (target > log.durablePosition()) {
                        syncTo(target);
                    } else {
                        // An appender may publish its position before registering its wait; it wakes us after.
                        log.completeDurable(log.durablePosition());
                        LockSupport.parkNanos(this, flushIntervalNs);
                        log.completeDurable(log.durablePosition());
                    }
                    continue;
                }
                long sinceSyncNs = System.nanoTime() - lastSyncNs;
                long target = log.writePosition();
                if (sinceSyncNs >= flushIntervalNs || log.hasPendingFlushes()) {
                    syncTo(target);
                    lastSyncNs = System.nanoTime();
                } else if (target - log.fileWrittenPosition() >= writeThreshold) {
                    // Bounded passes, so that a busy log still gets its periodic sync on time.
                    log.writeToFiles(Math.min(target, log.fileWrittenPosition() + writeThreshold));
                } else {
                    LockSupport.parkNanos(this, flushIntervalNs - sinceSyncNs);
                }
            }
            // Final pass on close: everything appended is written and synced.
            syncTo(log.writePosition());
        } catch (Throwable e) {
            if (running && OutOfSpace.isCause(e)) {
                outOfSpaceListener.accept(e);
                try {
                    if (log.rewindAfterOutOfSpace(OUT_OF_SPACE_LOCK_TIMEOUT_NS)) {
                        LOG.debug("flush pass failed for want of space ({}); retrying in {} ms", e.getMessage(),
                                OUT_OF_SPACE_RETRY_MS);
                        return false;
                    }
                } catch (IOException | RuntimeException rewindFailure) {
                    e.addSuppressed(rewindFailure);
                }
            }
            log.fail(e);
            log.failPending(e);
        }
        return true;
    }

    private void syncTo(long target) throws IOException {
        if (target > log.fileWrittenPosition()) {
            log.writeToFiles(target);
        }
        long written = log.fileWrittenPosition();
        if (written > log.durablePosition()) {
            log.force(log.durablePosition(), written);
            afterSync.run();
        }
        log.completeDurable(log.durablePosition());
    }

    /** True when enough un-written bytes piled up in the tail cache that an ASYNC appender should wake the flusher. */
    public boolean shouldWake() {
        return durability == Durability.SYNC || log.writePosition() - log.fileWrittenPosition() >= writeThreshold;
    }

    /** Stops after a last write and sync of everything appended; waits for the thread. */
    public void stop() throws InterruptedException {
        running = false;
        LockSupport.unpark(thread);
        thread.join();
        if (log.failure() != null) {
            LOG.warn("flush duty stopped after a failure; the log is not fully durable");
        }
    }
}
