package io.tandem.store.index;

import io.tandem.store.StoreCorruptedException;
import io.tandem.store.log.RecordCodec;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

import static io.tandem.store.index.ConsumeQueueDescriptor.*;

/**
 * The consume queue of one (topic, queue id): fixed-size entries, one per record, at dense logical offsets.
 * Derived from the commit log and rebuilt from it when damaged.
 *
 * <p>One writer (the dispatcher) and many readers. An entry is fully written before {@link #maxOffset()} is
 * advanced past it, so readers only see complete entries.
 */
public final class ConsumeQueue {

    private final String topic;
    private final int queueId;
    private final Path directory;
    private final int entriesPerFile;
    private final ConcurrentSkipListMap<Long, MemorySegment> files = new ConcurrentSkipListMap<>();
    private volatile long minOffset;
    private volatile long maxOffset;
    private volatile boolean dirty;
    private long flushedOffset;
    /** The blocks of the file starting at {@code allocatedFile} are allocated up to this byte offset (dispatcher only). */
    private long allocatedFile = -1;
    private long allocatedEnd;

    private ConsumeQueue(String topic, int queueId, Path directory, int entriesPerFile) {
        this.topic = topic;
        this.queueId = queueId;
        this.directory = directory;
        this.entriesPerFile = entriesPerFile;
    }

    /** Creates an empty queue whose files will live in {@code directory}. */
    static ConsumeQueue create(String topic, int queueId, Path directory, int entriesPerFile) throws IOException {
        Files.createDirectories(directory);
        return new ConsumeQueue(topic, queueId, directory, entriesPerFile);
    }

    /**
     * Opens the queue's files and verifies every entry.
     *
     * @throws StoreCorruptedException naming the first damaged file, if any entry fails its CRC, positions go
     *                                 backwards, files are missing in the middle or have a foreign size
     */
    static ConsumeQueue open(String topic, int queueId, Path directory, int entriesPerFile) throws IOException {
        ConsumeQueue queue = new ConsumeQueue(topic, queueId, directory, entriesPerFile);
        List<Path> paths;
        try (Stream<Path> list = Files.list(directory)) {
            paths = list.filter(p -> p.getFileName().toString().matches("\\d{20}")).sorted().toList();
        }
        long fileLength = (long) entriesPerFile * ENTRY_LENGTH;
        long expectedFirst = -1;
        boolean ended = false;
        long lastPosition = -1;
        for (Path path : paths) {
            long first = Long.parseLong(path.getFileName().toString());
            if (Files.size(path) != fileLength || first % entriesPerFile != 0) {
                throw new StoreCorruptedException(path, 0, "consume queue file does not hold " + entriesPerFile
                        + " entries (was the store created with another consumeQueueFileEntries?)");
            }
            if (expectedFirst >= 0 && first != expectedFirst) {
                throw new StoreCorruptedException(path, 0, "consume queue file missing before this one");
            }
            if (ended) {
                throw new StoreCorruptedException(path, 0, "consume queue file follows a file that is not full");
            }
            MemorySegment mapping = MappedFiles.map(path, fileLength);
            for (int i = 0; i < entriesPerFile; i++) {
                long offset = (long) i * ENTRY_LENGTH;
                int size = mapping.get(RecordCodec.INT, offset + SIZE_OFFSET);
                if (ended) {
                    if (size != 0 || mapping.get(RecordCodec.LONG, offset) != 0) {
                        throw new StoreCorruptedException(path, offset, "consume queue entry after the end of the queue");
                    }
                    continue;
                }
                if (size == 0) {
                    if (mapping.get(RecordCodec.LONG, offset) != 0 || mapping.get(RecordCodec.INT, offset + CRC_OFFSET) != 0) {
                        throw new StoreCorruptedException(path, offset, "consume queue entry with size 0 but other fields set");
                    }
                    ended = true;
                    queue.maxOffset = first + i;
                    continue;
                }
                if (mapping.get(RecordCodec.INT, offset + CRC_OFFSET) != crc(mapping, offset)) {
                    throw new StoreCorruptedException(path, offset, "consume queue entry CRC mismatch");
                }
                long position = mapping.get(RecordCodec.LONG, offset + POSITION_OFFSET);
                if (position <= lastPosition) {
                    throw new StoreCorruptedException(path, offset, "consume queue positions go backwards");
                }
                lastPosition = position;
            }
            if (!ended) {
                queue.maxOffset = first + entriesPerFile;
            }
            queue.files.put(first, mapping);
            expectedFirst = first + entriesPerFile;
        }
        if (!queue.files.isEmpty()) {
            queue.minOffset = queue.files.firstKey();
        }
        return queue;
    }

    public String topic() {
        return topic;
    }

    public int queueId() {
        return queueId;
    }

    public long minOffset() {
        return minOffset;
    }

    /** One past the last entry. */
    public long maxOffset() {
        return maxOffset;
    }

    /**
     * Dispatcher only: records the entry for {@code queueOffset}. An entry already present must match (the
     * dispatcher may replay records after a restart).
     *
     * @throws StoreCorruptedException if an existing entry differs, or the offset leaves a gap
     */
    void put(long queueOffset, long position, int size, long tagHash, long storeTimestamp) throws IOException {
        if (queueOffset < maxOffset) {
            if (queueOffset >= minOffset) {
                Entry existing = new Entry();
                if (!read(queueOffset, existing) || existing.position != position || existing.size != size) {
                    throw new StoreCorruptedException(fileOf(queueOffset), entryOffset(queueOffset),
                            "consume queue entry " + queueOffset + " of " + topic + "/" + queueId
                                    + " does not match the commit log record at position " + position);
                }
            }
            return;
        }
        if (queueOffset > maxOffset) {
            if (maxOffset == 0 && files.isEmpty()) {
                // A queue whose older entries were all deleted by retention starts mid-way.
                minOffset = queueOffset;
            } else {
                throw new StoreCorruptedException(fileOf(maxOffset), entryOffset(maxOffset), "consume queue of "
                        + topic + "/" + queueId + " ends at " + maxOffset + " but the log continues at offset " + queueOffset);
            }
        }
        long first = queueOffset - queueOffset % entriesPerFile;
        MemorySegment mapping = files.get(first);
        if (mapping == null) {
            mapping = MappedFiles.map(directory.resolve(MappedFiles.name(first)), (long) entriesPerFile * ENTRY_LENGTH);
            files.put(first, mapping);
        }
        long offset = entryOffset(queueOffset);
        if (first != allocatedFile || offset + ENTRY_LENGTH > allocatedEnd) {
            allocatedEnd = MappedFiles.allocateAhead(directory.resolve(MappedFiles.name(first)), offset,
                    offset + ENTRY_LENGTH, (long) entriesPerFile * ENTRY_LENGTH);
            allocatedFile = first;
        }
        mapping.set(RecordCodec.LONG, offset + POSITION_OFFSET, position);
        mapping.set(RecordCodec.INT, offset + SIZE_OFFSET, size);
        mapping.set(RecordCodec.LONG, offset + TAG_HASH_OFFSET, tagHash);
        mapping.set(RecordCodec.LONG, offset + STORE_TIMESTAMP_OFFSET, storeTimestamp);
        mapping.set(RecordCodec.INT, offset + CRC_OFFSET, crc(mapping, offset));
        dirty = true;
        maxOffset = queueOffset + 1;
    }

    /**
     * Reads the entry at {@code queueOffset} into {@code into}.
     *
     * @return false if the offset is outside [min, max) (for example deleted meanwhile)
     * @throws StoreCorruptedException if the entry fails its CRC
     */
    public boolean read(long queueOffset, Entry into) {
        if (queueOffset < minOffset || queueOffset >= maxOffset) {
            return false;
        }
        MemorySegment mapping = files.get(queueOffset - queueOffset % entriesPerFile);
        if (mapping == null) {
            return false;
        }
        long offset = entryOffset(queueOffset);
        if (mapping.get(RecordCodec.INT, offset + CRC_OFFSET) != crc(mapping, offset)) {
            throw new StoreCorruptedException(fileOf(queueOffset), offset, "consume queue entry CRC mismatch");
        }
        into.position = mapping.get(RecordCodec.LONG, offset + POSITION_OFFSET);
        into.size = mapping.get(RecordCodec.INT, offset + SIZE_OFFSET);
        into.tagHash = mapping.get(RecordCodec.LONG, offset + TAG_HASH_OFFSET);
        into.storeTimestamp = mapping.get(RecordCodec.LONG, offset + STORE_TIMESTAMP_OFFSET);
        return true;
    }

    /** The first offset whose store timestamp is at or after {@code timestamp}; {@link #maxOffset()} if none. */
    public long offsetForTime(long timestamp) {
        long low = minOffset;
        long high = maxOffset;
        Entry entry = new Entry();
        while (low < high) {
            long middle = (low + high) >>> 1;
            if (!read(middle, entry)) {
                low = Math.max(middle + 1, minOffset);
                continue;
            }
            if (entry.storeTimestamp < timestamp) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return low;
    }

    /** Recovery: drops entries for records at or beyond {@code logEnd}. */
    void truncateToLog(long logEnd) throws IOException {
        Entry entry = new Entry();
        long newMax = maxOffset;
        while (newMax > minOffset && read(newMax - 1, entry) && entry.position + entry.size > logEnd) {
            newMax--;
        }
        for (long offset = newMax; offset < maxOffset; offset++) {
            MemorySegment mapping = files.get(offset - offset % entriesPerFile);
            mapping.asSlice(entryOffset(offset), ENTRY_LENGTH).fill((byte) 0);
        }
        if (newMax < maxOffset) {
            dirty = true;
            maxOffset = newMax;
            flushedOffset = Math.min(flushedOffset, newMax);
        }
        long keep = newMax - newMax % entriesPerFile;
        for (Long first : List.copyOf(files.tailMap(keep, false).keySet())) {
            files.remove(first);
            Files.deleteIfExists(directory.resolve(MappedFiles.name(first)));
        }
    }

    /** Retention: entries for records before {@code logMinPosition} are gone; deletes files wholly below it. */
    void applyLogMin(long logMinPosition) throws IOException {
        Entry entry = new Entry();
        long low = minOffset;
        long high = maxOffset;
        while (low < high) {
            long middle = (low + high) >>> 1;
            if (read(middle, entry) && entry.position < logMinPosition) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        minOffset = low;
        while (!files.isEmpty()) {
            long first = files.firstKey();
            // The file holding the last entry stays, so that the queue's end survives a restart.
            if (first + entriesPerFile > low || first + entriesPerFile >= maxOffset) {
                break;
            }
            files.remove(first);
            Files.deleteIfExists(directory.resolve(MappedFiles.name(first)));
        }
    }

    /** Makes written entries durable (msync). */
    void flush() {
        if (dirty) {
            dirty = false;
            long fromFile = flushedOffset - flushedOffset % entriesPerFile;
            long upTo = maxOffset;
            for (MemorySegment mapping : files.tailMap(fromFile, true).values()) {
                mapping.force();
            }
            flushedOffset = upTo;
        }
    }

    private long entryOffset(long queueOffset) {
        return (queueOffset % entriesPerFile) * ENTRY_LENGTH;
    }

    private Path fileOf(long queueOffset) {
        return directory.resolve(MappedFiles.name(queueOffset - queueOffset % entriesPerFile));
    }

    private static int crc(MemorySegment mapping, long offset) {
        CRC32C crc = new CRC32C();
        crc.update(mapping.asSlice(offset, CRC_OFFSET).asByteBuffer());
        crc.update(mapping.asSlice(offset + TAG_HASH_OFFSET, ENTRY_LENGTH - TAG_HASH_OFFSET).asByteBuffer());
        return (int) crc.getValue();
    }

    /** A mutable holder for one entry, reused across reads by one thread. */
    public static final class Entry {
        public long position;
        public int size;
        public long tagHash;
        public long storeTimestamp;
    }
}
