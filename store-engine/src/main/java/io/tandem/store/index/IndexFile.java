package io.tandem.store.index;

import io.tandem.store.StoreCorruptedException;
import io.tandem.store.io.FileSpace;
import io.tandem.store.log.RecordCodec;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32C;

import static io.tandem.store.index.IndexFileDescriptor.*;

/**
 * One key index file (see {@link IndexFileDescriptor}). One writer (the dispatcher), many readers: an entry is
 * complete before its slot is published with release semantics, and the entry count is published last.
 */
final class IndexFile {

    private static final VarHandle INT_HANDLE = ValueLayout.JAVA_INT.withOrder(ByteOrder.LITTLE_ENDIAN).varHandle();

    private final Path path;
    private final MemorySegment mapping;
    private final int slotCount;
    private final int entryCapacity;
    private volatile int entryCount;
    private volatile long firstPosition;
    private volatile long lastPosition;
    private volatile long firstTimestamp;
    private volatile long lastTimestamp;
    private volatile boolean dirty;
    /** The blocks of [allocatedFrom, allocatedEnd) are allocated (dispatcher only). */
    private long allocatedFrom;
    private long allocatedEnd;

    private IndexFile(Path path, MemorySegment mapping, int slotCount, int entryCapacity) {
        this.path = path;
        this.mapping = mapping;
        this.slotCount = slotCount;
        this.entryCapacity = entryCapacity;
    }

    static IndexFile create(Path path, int slotCount, int entryCapacity) throws IOException {
        Files.deleteIfExists(path);
        long length = fileLength(slotCount, entryCapacity);
        MemorySegment mapping = MappedFiles.map(path, length);
        try {
            // Slots are written anywhere: their blocks are allocated now, the entries' as they fill up.
            FileSpace.allocate(path, 0, fileLength(slotCount, 0));
        } catch (IOException e) {
            Files.deleteIfExists(path);
            throw e;
        }
        IndexFile file = new IndexFile(path, mapping, slotCount, entryCapacity);
        file.firstPosition = -1;
        file.lastPosition = -1;
        file.mapping.set(RecordCodec.INT, MAGIC_OFFSET, MAGIC);
        file.mapping.set(RecordCodec.INT, SLOT_COUNT_OFFSET, slotCount);
        file.mapping.set(RecordCodec.INT, ENTRY_CAPACITY_OFFSET, entryCapacity);
        file.writeHeader();
        return file;
    }

    /**
     * Opens and fully verifies an index file: header CRC, every entry's CRC, and every slot and chain link
     * (rebuilt from the entries and compared).
     */
    static IndexFile open(Path path) throws IOException {
        long size = Files.size(path);
        if (size < HEADER_LENGTH) {
            throw new StoreCorruptedException(path, 0, "index file shorter than its header");
        }
        MemorySegment header = MappedFiles.map(path, HEADER_LENGTH);
        int slotCount = header.get(RecordCodec.INT, SLOT_COUNT_OFFSET);
        int entryCapacity = header.get(RecordCodec.INT, ENTRY_CAPACITY_OFFSET);
        if (header.get(RecordCodec.INT, MAGIC_OFFSET) != MAGIC
                || header.get(RecordCodec.INT, HEADER_CRC_OFFSET) != crc(header, 0, HEADER_CRC_OFFSET)) {
            throw new StoreCorruptedException(path, 0, "index file header is damaged");
        }
        if (slotCount <= 0 || entryCapacity <= 0 || size != fileLength(slotCount, entryCapacity)) {
            throw new StoreCorruptedException(path, 0, "index file size does not match its header");
        }
        IndexFile file = new IndexFile(path, MappedFiles.map(path, size), slotCount, entryCapacity);
        MemorySegment m = file.mapping;
        int count = m.get(RecordCodec.INT, ENTRY_COUNT_OFFSET);
        if (count < 0 || count > entryCapacity) {
            throw new StoreCorruptedException(path, ENTRY_COUNT_OFFSET, "index entry count " + count + " out of range");
        }
        int[] slots = new int[slotCount];
        for (int i = 0; i < count; i++) {
            long offset = file.entryOffset(i);
            if (m.get(RecordCodec.INT, offset + ENTRY_CRC_OFFSET) != crc(m, offset, offset + ENTRY_CRC_OFFSET)) {
                throw new StoreCorruptedException(path, offset, "index entry CRC mismatch");
            }
            int slot = file.slotOf(m.get(RecordCodec.LONG, offset + ENTRY_KEY_HASH_OFFSET));
            if (m.get(RecordCodec.INT, offset + ENTRY_PREVIOUS_OFFSET) != slots[slot]) {
                throw new StoreCorruptedException(path, offset, "index chain link does not match the entries");
            }
            slots[slot] = i + 1;
        }
        for (int slot = 0; slot < slotCount; slot++) {
            if (m.get(RecordCodec.INT, HEADER_LENGTH + (long) slot * SLOT_LENGTH) != slots[slot]) {
                throw new StoreCorruptedException(path, HEADER_LENGTH + (long) slot * SLOT_LENGTH,
                        "index slot does not match the entries");
            }
        }
        file.entryCount = count;
        file.firstPosition = m.get(RecordCodec.LONG, FIRST_POSITION_OFFSET);
        file.lastPosition = m.get(RecordCodec.LONG, LAST_POSITION_OFFSET);
        file.firstTimestamp = m.get(RecordCodec.LONG, FIRST_TIMESTAMP_OFFSET);
        file.lastTimestamp = m.get(RecordCodec.LONG, LAST_TIMESTAMP_OFFSET);
        return file;
    }

    Path path() {
        return path;
    }

    int entryCount() {
        return entryCount;
    }

    long firstPosition() {
        return firstPosition;
    }

    /** Position of the newest record indexed here, -1 if none. */
    long lastPosition() {
        return lastPosition;
    }

    long firstTimestamp() {
        return firstTimestamp;
    }

    long lastTimestamp() {
        return lastTimestamp;
    }

    /** Dispatcher only. */
    /**
     * Allocates the blocks of the next {@code entries} entries, so that the {@link #put} calls that write them never
     * need disk space (a write into an unallocated block of a mapping would fault on a full disk).
     */
    void allocate(int entries) throws IOException {
        long from = entryOffset(entryCount);
        long end = entryOffset(Math.min(entryCapacity, entryCount + entries));
        if (from < allocatedFrom || end > allocatedEnd) {
            allocatedEnd = MappedFiles.allocateAhead(path, from, end, mapping.byteSize());
            allocatedFrom = from;
        }
    }

    /** Adds an entry; its blocks were allocated by {@link #allocate}. */
    void put(long keyHash, long position, long storeTimestamp) {
        int number = entryCount;
        if (number == entryCapacity) {
            throw new IllegalStateException("index file " + path + " is full");
        }
        int slot = slotOf(keyHash);
        long slotOffset = HEADER_LENGTH + (long) slot * SLOT_LENGTH;
        long offset = entryOffset(number);
        mapping.set(RecordCodec.LONG, offset + ENTRY_KEY_HASH_OFFSET, keyHash);
        mapping.set(RecordCodec.LONG, offset + ENTRY_POSITION_OFFSET, position);
        mapping.set(RecordCodec.LONG, offset + ENTRY_TIMESTAMP_OFFSET, storeTimestamp);
        mapping.set(RecordCodec.INT, offset + ENTRY_PREVIOUS_OFFSET, mapping.get(RecordCodec.INT, slotOffset));
        mapping.set(RecordCodec.INT, offset + ENTRY_CRC_OFFSET, crc(mapping, offset, offset + ENTRY_CRC_OFFSET));
        INT_HANDLE.setRelease(mapping, slotOffset, number + 1);
        if (firstPosition < 0) {
            firstPosition = position;
            firstTimestamp = storeTimestamp;
        }
        lastPosition = position;
        lastTimestamp = Math.max(lastTimestamp, storeTimestamp);
        entryCount = number + 1;
        writeHeader();
        dirty = true;
    }

    /** Calls {@code sink} with the position of every entry for {@code keyHash}, newest first, until it says stop. */
    void find(long keyHash, long fromTimestamp, long toTimestamp, PositionSink sink) {
        int slot = slotOf(keyHash);
        int link = (int) INT_HANDLE.getAcquire(mapping, HEADER_LENGTH + (long) slot * SLOT_LENGTH);
        int visited = 0;
        while (link != 0) {
            int number = link - 1;
            if (number >= entryCapacity || ++visited > entryCapacity) {
                throw new StoreCorruptedException(path, HEADER_LENGTH + (long) slot * SLOT_LENGTH, "index chain out of range");
            }
            long offset = entryOffset(number);
            if (mapping.get(RecordCodec.INT, offset + ENTRY_CRC_OFFSET) != crc(mapping, offset, offset + ENTRY_CRC_OFFSET)) {
                throw new StoreCorruptedException(path, offset, "index entry CRC mismatch");
            }
            long timestamp = mapping.get(RecordCodec.LONG, offset + ENTRY_TIMESTAMP_OFFSET);
            if (mapping.get(RecordCodec.LONG, offset + ENTRY_KEY_HASH_OFFSET) == keyHash
                    && timestamp >= fromTimestamp && timestamp <= toTimestamp
                    && !sink.accept(mapping.get(RecordCodec.LONG, offset + ENTRY_POSITION_OFFSET))) {
                return;
            }
            link = mapping.get(RecordCodec.INT, offset + ENTRY_PREVIOUS_OFFSET);
        }
    }

    /**
     * Recovery: removes the newest entries for records at or after {@code logEnd}, unlinking each from its slot.
     *
     * @return the number of entries left
     */
    int truncateFrom(long logEnd) {
        int count = entryCount;
        while (count > 0) {
            long offset = entryOffset(count - 1);
            if (mapping.get(RecordCodec.LONG, offset + ENTRY_POSITION_OFFSET) < logEnd) {
                break;
            }
            int slot = slotOf(mapping.get(RecordCodec.LONG, offset + ENTRY_KEY_HASH_OFFSET));
            INT_HANDLE.setRelease(mapping, HEADER_LENGTH + (long) slot * SLOT_LENGTH,
                    mapping.get(RecordCodec.INT, offset + ENTRY_PREVIOUS_OFFSET));
            mapping.asSlice(offset, ENTRY_LENGTH).fill((byte) 0);
            count--;
        }
        if (count < entryCount) {
            entryCount = count;
            if (count == 0) {
                firstPosition = -1;
                lastPosition = -1;
                firstTimestamp = 0;
                lastTimestamp = 0;
            } else {
                long last = entryOffset(count - 1);
                lastPosition = mapping.get(RecordCodec.LONG, last + ENTRY_POSITION_OFFSET);
                lastTimestamp = mapping.get(RecordCodec.LONG, last + ENTRY_TIMESTAMP_OFFSET);
            }
            writeHeader();
            mapping.force();
        }
        return count;
    }

    void flush() {
        if (dirty) {
            dirty = false;
            mapping.force();
        }
    }

    private void writeHeader() {
        mapping.set(RecordCodec.INT, ENTRY_COUNT_OFFSET, entryCount);
        mapping.set(RecordCodec.LONG, FIRST_POSITION_OFFSET, firstPosition);
        mapping.set(RecordCodec.LONG, LAST_POSITION_OFFSET, lastPosition);
        mapping.set(RecordCodec.LONG, FIRST_TIMESTAMP_OFFSET, firstTimestamp);
        mapping.set(RecordCodec.LONG, LAST_TIMESTAMP_OFFSET, lastTimestamp);
        mapping.set(RecordCodec.INT, HEADER_CRC_OFFSET, crc(mapping, 0, HEADER_CRC_OFFSET));
    }

    private int slotOf(long keyHash) {
        return (int) Long.remainderUnsigned(keyHash, slotCount);
    }

    private long entryOffset(int number) {
        return HEADER_LENGTH + (long) slotCount * SLOT_LENGTH + (long) number * ENTRY_LENGTH;
    }

    private static int crc(MemorySegment segment, long from, long to) {
        CRC32C crc = new CRC32C();
        crc.update(segment.asSlice(from, to - from).asByteBuffer());
        return (int) crc.getValue();
    }
}
