package io.tandem.store.engine;

import io.tandem.store.index.DispatchDuty;
import io.tandem.store.index.Indexes;
import io.tandem.store.log.CommitLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Deletes whole commit log segments, oldest first, when all their records are older than the retention or the
 * log is above its size cap, or when the {@link DiskSpaceDuty} needs space, then drops the derived entries that
 * pointed into them. The segment being written, and any not yet durable or dispatched, are never deleted.
 *
 * <p>A segment's records are all older than the first record of the segment after it, so its age is read from
 * there, with the store's clock: no file timestamps.
 */
final class RetentionDuty {

    private static final Logger LOG = LoggerFactory.getLogger(RetentionDuty.class);

    private final CommitLog log;
    private final Indexes indexes;
    private final DispatchDuty dispatch;
    private final Clock clock;
    private final Duration retention;
    private final long retentionBytes;

    RetentionDuty(CommitLog log, Indexes indexes, DispatchDuty dispatch, Clock clock, Duration retention, long retentionBytes) {
        this.log = log;
        this.indexes = indexes;
        this.dispatch = dispatch;
        this.clock = clock;
        this.retention = retention;
        this.retentionBytes = retentionBytes;
    }

    /** @return the number of segments deleted */
    synchronized int run() throws IOException {
        long oldestKept = clock.millis() - retention.toMillis();
        int deleted = 0;
        for (long base : log.closedSegmentBases()) {
            long next = base + log.segmentSize();
            if (next > dispatch.dispatchedPosition()) {
                break;
            }
            long nextFirstTimestamp = log.firstStoreTimestamp(next);
            boolean expired = nextFirstTimestamp >= 0 && nextFirstTimestamp < oldestKept;
            boolean overCap = retentionBytes > 0 && log.sizeOnDisk() > retentionBytes;
            if (!expired && !overCap) {
                break;
            }
            LOG.info("retention: deleting commit log segment {} ({})", base, expired ? "older than " + retention : "log above " + retentionBytes + " bytes");
            log.deleteOldestSegment(base);
            deleted++;
        }
        if (deleted > 0) {
            indexes.applyLogMin(log.minPosition());
        }
        return deleted;
    }

    /**
     * Deletes the oldest segment whatever its age, if it may be deleted at all (closed, durable, dispatched).
     *
     * @param reason why, for the log line
     * @return false if no segment may be deleted
     */
    synchronized boolean deleteOldestSegment(String reason) throws IOException {
        List<Long> closed = log.closedSegmentBases();
        if (closed.isEmpty() || closed.getFirst() + log.segmentSize() > dispatch.dispatchedPosition()) {
            return false;
        }
        long base = closed.getFirst();
        LOG.warn("retention: deleting commit log segment {} ({}); consumers behind it continue after it", base, reason);
        log.deleteOldestSegment(base);
        indexes.applyLogMin(log.minPosition());
        return true;
    }
}
