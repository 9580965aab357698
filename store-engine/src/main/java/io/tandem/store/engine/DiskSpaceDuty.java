package io.tandem.store.engine;

import io.tandem.store.AppendPriority;
import io.tandem.store.AppendStatus;
import io.tandem.store.DiskStatus;
import io.tandem.store.DiskUsage;
import io.tandem.store.MessageStore;
import io.tandem.store.StoreConfig;
import io.tandem.store.index.DispatchDuty;
import io.tandem.store.log.CommitLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keeps the store inside its disk. Every {@link StoreConfig#diskCheckInterval()} it measures the file system holding
 * the store; past {@link StoreConfig#diskUsageRetentionThreshold()} it has retention delete the oldest segments until
 * usage is below the threshold again; past {@link StoreConfig#diskUsageHighWaterMark()} appends of new messages are
 * refused ({@link AppendStatus#DISK_FULL}). When a write of the flusher or the dispatcher failed for want of space,
 * every append is refused until that duty has moved past the failure; both retry on their own.
 *
 * <p>Between two measurements the store's own growth is counted from the commit log's write position, so a fast
 * producer is refused at the mark rather than up to one interval later.
 *
 * <p>Thread-safety: {@link #admits} is called by appenders (a few volatile reads); {@link #run} by the housekeeping
 * thread or {@link MessageStore#checkDisk()}, one at a time; the out-of-space reports by the flush and dispatch
 * threads.
 */
final class DiskSpaceDuty {

    private static final Logger LOG = LoggerFactory.getLogger(DiskSpaceDuty.class);

    private final Path directory;
    private final DiskUsage.Probe probe;
    private final double highWaterMark;
    private final double retentionThreshold;
    private final CommitLog log;
    private final DispatchDuty dispatch;
    private final RetentionDuty retention;

    /** Appends of new messages are refused once the log's write position reaches this. */
    private volatile long refuseNewFrom = Long.MAX_VALUE;
    /** The log's write position when {@code lastUsage} was measured. */
    private volatile long measuredAtPosition;
    /** The durable (dispatched) position when the flusher (dispatcher) ran out of space; -1 while it has not. */
    private final AtomicLong flushStalledAt = new AtomicLong(-1);
    private final AtomicLong dispatchStalledAt = new AtomicLong(-1);
    private volatile DiskUsage lastUsage = new DiskUsage("not measured yet", 0, 0);
    private boolean loggedRefusing;
    private boolean loggedUnknownSize;

    DiskSpaceDuty(Path directory, StoreConfig config, CommitLog log, DispatchDuty dispatch, RetentionDuty retention) {
        this.directory = directory;
        this.probe = config.diskUsageProbe();
        this.highWaterMark = config.diskUsageHighWaterMark();
        this.retentionThreshold = config.diskUsageRetentionThreshold();
        this.log = log;
        this.dispatch = dispatch;
        this.retention = retention;
    }

    /** True if an append of this priority is admitted now. */
    boolean admits(AppendPriority priority) {
        if (outOfSpace()) {
            return false;
        }
        return priority == AppendPriority.COMPLETION || log.writePosition() < refuseNewFrom;
    }

    private boolean outOfSpace() {
        return flushStalledAt.get() >= 0 || dispatchStalledAt.get() >= 0;
    }

    /** The flusher could not write or sync for want of space; it retries from the durable position on its own. */
    void flushOutOfSpace(Throwable cause) {
        if (flushStalledAt.getAndSet(log.durablePosition()) < 0) {
            LOG.warn("the disk holding {} is out of space: every append is refused until the commit log can be "
                    + "written again ({})", directory, cause.getMessage());
        }
    }

    /** The dispatcher could not write derived data for want of space; it retries on its own. */
    void dispatchOutOfSpace(Throwable cause) {
        if (dispatchStalledAt.getAndSet(dispatch.dispatchedPosition()) < 0) {
            LOG.warn("the disk holding {} is out of space: every append is refused until consume queues and index "
                    + "can be written again ({})", directory, cause.getMessage());
        }
    }

    /** Measures the disk, frees space by retention if it is past the threshold, and updates what is admitted. */
    synchronized void run() throws IOException {
        long flushStall = flushStalledAt.get();
        if (flushStall >= 0 && log.durablePosition() > flushStall && flushStalledAt.compareAndSet(flushStall, -1)) {
            LOG.info("the commit log in {} is written again after running out of space", directory);
        }
        long dispatchStall = dispatchStalledAt.get();
        if (dispatchStall >= 0 && dispatch.dispatchedPosition() > dispatchStall
                && dispatchStalledAt.compareAndSet(dispatchStall, -1)) {
            LOG.info("consume queues and index in {} are written again after running out of space", directory);
        }

        long writePosition = log.writePosition();
        DiskUsage usage = probe.measure(directory);
        if (usage.totalBytes() <= 0) {
            if (!loggedUnknownSize) {
                loggedUnknownSize = true;
                LOG.warn("the file system holding {} ({}) reports no size: the high-water mark and the retention "
                        + "threshold cannot apply", directory, usage.fileSystem());
            }
            measuredAtPosition = writePosition;
            lastUsage = usage;
            refuseNewFrom = Long.MAX_VALUE;
            return;
        }
        while (retentionThreshold < 1 && usage.usedRatio() > retentionThreshold
                && retention.deleteOldestSegment(String.format(Locale.ROOT,
                        "the disk is %.1f%% full, above the retention threshold of %.0f%%",
                        usage.usedRatio() * 100, retentionThreshold * 100))) {
            writePosition = log.writePosition();
            usage = probe.measure(directory);
        }
        measuredAtPosition = writePosition;
        lastUsage = usage;
        long headroom = (long) (highWaterMark * usage.totalBytes()) - usage.usedBytes();
        refuseNewFrom = headroom <= 0 ? writePosition : writePosition + headroom;

        boolean refusing = outOfSpace() || log.writePosition() >= refuseNewFrom;
        if (refusing != loggedRefusing) {
            loggedRefusing = refusing;
            if (refusing) {
                LOG.warn("{}", status().describe());
            } else {
                LOG.info("new messages are accepted again: {}", status().describe());
            }
        }
    }

    /**
     * The last measurement plus what the log grew since, the same estimate appends are refused on, so the usage a
     * status (and the meter) reports is at least the high-water mark whenever it says new messages are refused.
     */
    DiskStatus status() {
        boolean out = outOfSpace();
        long writePosition = log.writePosition();
        DiskUsage measured = lastUsage;
        DiskUsage estimated = measured;
        long grown = writePosition - measuredAtPosition;
        if (measured != null && measured.totalBytes() > 0 && grown > 0) {
            estimated = new DiskUsage(measured.fileSystem(), measured.totalBytes(),
                    Math.max(0, measured.usableBytes() - grown));
        }
        return new DiskStatus(directory, estimated, highWaterMark, out || writePosition >= refuseNewFrom, out);
    }
}
