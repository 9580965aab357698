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
 * appenders waiting meanwhile share one fdatasync. With {@link Durability#ASYNC} every pass writes everything
 * appended so far and hands it off to the kernel ({@link CommitLog#handOff()}), then acknowledges the appends it
 * covered: appenders waiting meanwhile share one write, and an acknowledged record survives a crash of the
 * process. Appends wake the duty, so no acknowledgement waits for a timer; the bytes are synced every flush
 * interval, and at once when someone waits for {@link CommitLog#awaitDurable}. A failed write, hand-off or sync is
 * final: the log is failed, waiting appends are failed, and nothing is reported handed off or durable past the last
 * good one.
 * Except when a pass failed for want of space: then it is redone from the last good sync until it succeeds (see
 * {@link #onOutOfSpace}); waiting appends wait.
 */
public final class FlushDuty implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(FlushDuty.class);
    static final long OUT_OF_SPACE_RETRY_MS = 100;
    private static final long OUT_OF_SPACE_LOCK_TIMEOUT_NS = 1_000_000_000L;

    private final CommitLog log;
    private final Durability durability;
    private final long flushIntervalNs;
    private final Runnable afterProgress;
    private final Thread thread;
    private volatile boolean running = true;
    private Consumer<Throwable> outOfSpaceListener = cause -> { };

    /** {@code afterProgress} runs on the duty's thread after each pass that moved the handed-off or durable position. */
    public FlushDuty(CommitLog log, Durability durability, Duration flushInterval, Runnable afterProgress) {
        this.afterProgress = afterProgress;
        this.log = log;
        this.durability = durability;
        this.flushIntervalNs = flushInterval.toNanos();
        this.thread = Thread.ofPlatform().name("tandem-store-flush").daemon(true).unstarted(this);
        log.onFlushNeeded(this::wakeUp);
    }

    public void start() {
        thread.start();
    }

    /** Called after every append (each waits for its acknowledgement), and by back-pressured appenders. */
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
                } else if (target > log.handedOffPosition()) {
                    handOffTo(target);
                } else {
                    // An appender may publish its position before registering its wait; it wakes us after.
                    log.completeHandedOff(log.handedOffPosition());
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

    /**
     * ASYNC: writes up to {@code target}, hands it off and acknowledges the appends it covered. The target is a
     * write position, so the handed-off position (up to which the dispatcher reads) always ends a record.
     */
    private void handOffTo(long target) throws IOException {
        if (target > log.fileWrittenPosition()) {
            log.writeToFiles(target);
        }
        if (log.fileWrittenPosition() > log.handedOffPosition()) {
            log.handOff();
            afterProgress.run();
        }
        log.completeHandedOff(log.handedOffPosition());
    }

    private void syncTo(long target) throws IOException {
        if (log.hasPendingHandOffs()) {
            // ASYNC appenders need not wait for the fdatasync.
            handOffTo(target);
        } else if (target > log.fileWrittenPosition()) {
            log.writeToFiles(target);
        }
        long written = log.fileWrittenPosition();
        if (written > log.durablePosition()) {
            log.force(log.durablePosition(), written);
            afterProgress.run();
        }
        log.completeHandedOff(log.handedOffPosition());
        log.completeDurable(log.durablePosition());
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
