package io.tandem.store;

import io.tandem.store.io.IoEngine;
import io.tandem.store.io.IoEngineKind;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Everything a {@link MessageStore} is configured with. Immutable; build with {@link #builder(Path)}, which
 * validates every setting once and names the one that is wrong.
 *
 * @param directory                 where the store keeps its files
 * @param segmentSize               bytes per commit log segment file
 * @param maxRecordSize             largest encoded record accepted (header, topic, keys, properties, body)
 * @param durability                when appends are acknowledged
 * @param flushInterval             with {@link Durability#ASYNC}, the longest time appended bytes stay un-synced
 * @param tailCacheSize             bytes of off-heap memory holding the newest part of the log for readers
 * @param coldReadCacheSize         bytes of off-heap memory caching older log blocks for readers that miss the tail cache (0: off)
 * @param consumeQueueFileEntries   entries per consume queue file
 * @param indexSlots                hash slots per key index file
 * @param indexFileEntries          entries per key index file
 * @param retention                 segments whose newest record is older than this are deleted
 * @param retentionBytes            the log is kept below this size by deleting its oldest segments (0: no cap)
 * @param checkpointInterval        how often derived data is flushed and the checkpoint written
 * @param housekeepingInterval      how often retention runs
 * @param diskUsageHighWaterMark    share of the file system holding {@code directory} (0 to 1) from which appends of
 *                                  new messages are refused ({@link AppendStatus#DISK_FULL}); 1 refuses only when a
 *                                  write failed for want of space
 * @param diskUsageRetentionThreshold share of that file system past which retention deletes the oldest segments,
 *                                  whatever their age and whether or not they were read, until usage is below it
 *                                  again (1: never)
 * @param diskCheckInterval         how often the file system's usage is measured
 * @param diskUsageProbe            measures the file system holding a directory (tests pass their own)
 * @param ioEngine                  which I/O engine the commit log uses
 * @param ioEngineFactory           if not null, creates the I/O engine instead (tests and custom engines)
 * @param clock                     source of store timestamps and of retention time
 */
public record StoreConfig(
        Path directory,
        long segmentSize,
        int maxRecordSize,
        Durability durability,
        Duration flushInterval,
        long tailCacheSize,
        long coldReadCacheSize,
        int consumeQueueFileEntries,
        int indexSlots,
        int indexFileEntries,
        Duration retention,
        long retentionBytes,
        Duration checkpointInterval,
        Duration housekeepingInterval,
        double diskUsageHighWaterMark,
        double diskUsageRetentionThreshold,
        Duration diskCheckInterval,
        DiskUsage.Probe diskUsageProbe,
        IoEngineKind ioEngine,
        Supplier<IoEngine> ioEngineFactory,
        Clock clock) {

    public static final long DEFAULT_SEGMENT_SIZE = 1L << 30;
    public static final int DEFAULT_MAX_RECORD_SIZE = (4 << 20) + (128 << 10);
    /** Apache RocketMQ's {@code diskSpaceWarningLevelRatio}, from which it refuses writes too. */
    public static final double DEFAULT_DISK_USAGE_HIGH_WATER_MARK = 0.90;
    /** Apache RocketMQ's {@code diskSpaceCleanForciblyRatio}, from which it deletes files whatever their age too. */
    public static final double DEFAULT_DISK_USAGE_RETENTION_THRESHOLD = 0.85;

    public static Builder builder(Path directory) {
        return new Builder(directory);
    }

    public Builder toBuilder() {
        return new Builder(directory)
                .segmentSize(segmentSize)
                .maxRecordSize(maxRecordSize)
                .durability(durability)
                .flushInterval(flushInterval)
                .tailCacheSize(tailCacheSize)
                .coldReadCacheSize(coldReadCacheSize)
                .consumeQueueFileEntries(consumeQueueFileEntries)
                .indexSlots(indexSlots)
                .indexFileEntries(indexFileEntries)
                .retention(retention)
                .retentionBytes(retentionBytes)
                .checkpointInterval(checkpointInterval)
                .housekeepingInterval(housekeepingInterval)
                .diskUsageHighWaterMark(diskUsageHighWaterMark)
                .diskUsageRetentionThreshold(diskUsageRetentionThreshold)
                .diskCheckInterval(diskCheckInterval)
                .diskUsageProbe(diskUsageProbe)
                .ioEngine(ioEngine)
                .ioEngineFactory(ioEngineFactory)
                .clock(clock);
    }

    /** Fluent builder; {@link #build()} validates. */
    public static final class Builder {
        private final Path directory;
        private long segmentSize = DEFAULT_SEGMENT_SIZE;
        private int maxRecordSize = DEFAULT_MAX_RECORD_SIZE;
        private Durability durability = Durability.ASYNC;
        private Duration flushInterval = Duration.ofMillis(200);
        private long tailCacheSize = 64L << 20;
        private long coldReadCacheSize = 32L << 20;
        private int consumeQueueFileEntries = 1 << 20;
        private int indexSlots = 1 << 20;
        private int indexFileEntries = 1 << 22;
        private Duration retention = Duration.ofHours(72);
        private long retentionBytes = 0;
        private Duration checkpointInterval = Duration.ofSeconds(1);
        private Duration housekeepingInterval = Duration.ofSeconds(10);
        private double diskUsageHighWaterMark = DEFAULT_DISK_USAGE_HIGH_WATER_MARK;
        private double diskUsageRetentionThreshold = DEFAULT_DISK_USAGE_RETENTION_THRESHOLD;
        private Duration diskCheckInterval = Duration.ofSeconds(1);
        private DiskUsage.Probe diskUsageProbe = DiskUsage::of;
        private IoEngineKind ioEngine = IoEngineKind.AUTO;
        private Supplier<IoEngine> ioEngineFactory;
        private Clock clock = Clock.systemUTC();

        private Builder(Path directory) {
            this.directory = directory;
        }

        public Builder segmentSize(long segmentSize) {
            this.segmentSize = segmentSize;
            return this;
        }

        public Builder maxRecordSize(int maxRecordSize) {
            this.maxRecordSize = maxRecordSize;
            return this;
        }

        public Builder durability(Durability durability) {
            this.durability = durability;
            return this;
        }

        public Builder flushInterval(Duration flushInterval) {
            this.flushInterval = flushInterval;
            return this;
        }

        public Builder tailCacheSize(long tailCacheSize) {
            this.tailCacheSize = tailCacheSize;
            return this;
        }

        public Builder coldReadCacheSize(long coldReadCacheSize) {
            this.coldReadCacheSize = coldReadCacheSize;
            return this;
        }

        public Builder consumeQueueFileEntries(int consumeQueueFileEntries) {
            this.consumeQueueFileEntries = consumeQueueFileEntries;
            return this;
        }

        public Builder indexSlots(int indexSlots) {
            this.indexSlots = indexSlots;
            return this;
        }

        public Builder indexFileEntries(int indexFileEntries) {
            this.indexFileEntries = indexFileEntries;
            return this;
        }

        public Builder retention(Duration retention) {
            this.retention = retention;
            return this;
        }

        public Builder retentionBytes(long retentionBytes) {
            this.retentionBytes = retentionBytes;
            return this;
        }

        public Builder checkpointInterval(Duration checkpointInterval) {
            this.checkpointInterval = checkpointInterval;
            return this;
        }

        public Builder housekeepingInterval(Duration housekeepingInterval) {
            this.housekeepingInterval = housekeepingInterval;
            return this;
        }

        public Builder diskUsageHighWaterMark(double diskUsageHighWaterMark) {
            this.diskUsageHighWaterMark = diskUsageHighWaterMark;
            return this;
        }

        public Builder diskUsageRetentionThreshold(double diskUsageRetentionThreshold) {
            this.diskUsageRetentionThreshold = diskUsageRetentionThreshold;
            return this;
        }

        public Builder diskCheckInterval(Duration diskCheckInterval) {
            this.diskCheckInterval = diskCheckInterval;
            return this;
        }

        public Builder diskUsageProbe(DiskUsage.Probe diskUsageProbe) {
            this.diskUsageProbe = diskUsageProbe;
            return this;
        }

        public Builder ioEngine(IoEngineKind ioEngine) {
            this.ioEngine = ioEngine;
            return this;
        }

        public Builder ioEngineFactory(Supplier<IoEngine> ioEngineFactory) {
            this.ioEngineFactory = ioEngineFactory;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        public StoreConfig build() {
            Objects.requireNonNull(directory, "directory");
            Objects.requireNonNull(durability, "durability");
            Objects.requireNonNull(ioEngine, "ioEngine");
            Objects.requireNonNull(clock, "clock");
            Objects.requireNonNull(diskUsageProbe, "diskUsageProbe");
            require(segmentSize % 4096 == 0 && segmentSize >= 64 * 1024,
                    "segmentSize must be a multiple of 4096 and at least 64 KiB, was " + segmentSize);
            require(maxRecordSize >= RecordDescriptor.HEADER_LENGTH + 1,
                    "maxRecordSize must be at least " + (RecordDescriptor.HEADER_LENGTH + 1) + " bytes, was " + maxRecordSize);
            require(maxRecordSize <= segmentSize - RecordDescriptor.FILLER_LENGTH,
                    "maxRecordSize (" + maxRecordSize + ") must fit in a segment of " + segmentSize + " bytes");
            require(tailCacheSize % 4096 == 0 && tailCacheSize >= 2L * maxRecordSize + 4096,
                    "tailCacheSize must be a multiple of 4096 and at least twice maxRecordSize + 4096, was " + tailCacheSize);
            require(coldReadCacheSize >= 0, "coldReadCacheSize must be 0 (off) or positive, was " + coldReadCacheSize);
            require(consumeQueueFileEntries >= 16, "consumeQueueFileEntries must be at least 16, was " + consumeQueueFileEntries);
            require(indexSlots >= 16, "indexSlots must be at least 16, was " + indexSlots);
            require(indexFileEntries >= 16, "indexFileEntries must be at least 16, was " + indexFileEntries);
            requirePositive(flushInterval, "flushInterval");
            requirePositive(retention, "retention");
            requirePositive(checkpointInterval, "checkpointInterval");
            requirePositive(housekeepingInterval, "housekeepingInterval");
            requirePositive(diskCheckInterval, "diskCheckInterval");
            require(diskUsageHighWaterMark > 0 && diskUsageHighWaterMark <= 1,
                    "diskUsageHighWaterMark must be above 0 and at most 1, was " + diskUsageHighWaterMark);
            require(diskUsageRetentionThreshold > 0 && diskUsageRetentionThreshold <= 1,
                    "diskUsageRetentionThreshold must be above 0 and at most 1 (1: off), was " + diskUsageRetentionThreshold);
            require(diskUsageRetentionThreshold <= diskUsageHighWaterMark || diskUsageRetentionThreshold == 1,
                    "diskUsageRetentionThreshold (" + diskUsageRetentionThreshold + ") must not be above "
                            + "diskUsageHighWaterMark (" + diskUsageHighWaterMark + "), so that retention frees space "
                            + "before new messages are refused; 1 turns it off");
            require(retentionBytes == 0 || retentionBytes >= 2 * segmentSize,
                    "retentionBytes must be 0 (no cap) or at least two segments (" + 2 * segmentSize + "), was " + retentionBytes);
            return new StoreConfig(directory, segmentSize, maxRecordSize, durability, flushInterval, tailCacheSize,
                    coldReadCacheSize, consumeQueueFileEntries, indexSlots, indexFileEntries, retention, retentionBytes,
                    checkpointInterval, housekeepingInterval, diskUsageHighWaterMark, diskUsageRetentionThreshold,
                    diskCheckInterval, diskUsageProbe, ioEngine, ioEngineFactory, clock);
        }

        private static void requirePositive(Duration duration, String name) {
            Objects.requireNonNull(duration, name);
            require(!duration.isNegative() && !duration.isZero(), name + " must be positive, was " + duration);
        }

        private static void require(boolean condition, String message) {
            if (!condition) {
                throw new IllegalArgumentException(message);
            }
        }
    }
}
