package io.tandem.store.log;

import io.tandem.store.io.IoFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Map;

import static io.tandem.store.RecordDescriptor.*;

/**
 * Finds where the commit log really ends after an unclean stop, and tells a torn tail from corruption.
 *
 * <p>A torn tail is what a crash leaves: the last record (or records) partly written, followed by nothing valid.
 * It is cut off. Anything else that fails verification is corruption and stops the open: a bad record below the
 * last position known durable, or a bad record with a valid record somewhere after it.
 */
final class LogScanner {

    private static final Logger LOG = LoggerFactory.getLogger(LogScanner.class);
    private static final int CHUNK = 1 << 20;
    private static final int SECTOR = 512;

    private final CommitLog log;
    private final long segmentSize;
    private long cleanEnd = -1;

    LogScanner(CommitLog log) {
        this.log = log;
        this.segmentSize = log.segmentSize();
    }

    /**
     * @param from       where to start verifying
     * @param trustedEnd the last position known durable; a clean shutdown's end needs no search for stray data
     * @param clean      true if the store was closed in order at {@code trustedEnd}
     */
    long scan(long from, long trustedEnd, boolean clean) throws IOException {
        this.cleanEnd = clean ? trustedEnd : -1;
        long lastSegmentEnd = log.segments().lastKey() + segmentSize;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buffer = arena.allocate(log.maxRecordSize());
            long position = from;
            while (position < lastSegmentEnd) {
                long base = position - position % segmentSize;
                long segmentEnd = base + segmentSize;
                IoFile file = log.segments().get(base);
                if (file == null) {
                    // A missing segment between existing ones: everything from here on is after a hole.
                    return endAt(position, trustedEnd, "segment file " + CommitLog.segmentName(base) + " is missing");
                }
                long remaining = segmentEnd - position;
                if (remaining < FILLER_LENGTH) {
                    position = segmentEnd;
                    continue;
                }
                file.read(position - base, buffer.asSlice(0, FILLER_LENGTH));
                int length = RecordCodec.length(buffer);
                int magic = RecordCodec.magic(buffer);
                if (length == 0 && magic == 0) {
                    return endAt(position, trustedEnd, null);
                }
                if (magic == FILLER_MAGIC) {
                    String problem = RecordCodec.check(buffer.asSlice(0, FILLER_LENGTH), position);
                    if (problem == null && length == remaining) {
                        position = segmentEnd;
                        continue;
                    }
                    return endAt(position, trustedEnd, problem == null ? "filler length " + length + " does not reach the segment end" : problem);
                }
                if (magic != RECORD_MAGIC || length < HEADER_LENGTH || length > log.maxRecordSize() || length > remaining) {
                    return endAt(position, trustedEnd, "bad record header (length " + length + ", magic 0x" + Integer.toHexString(magic) + ")");
                }
                file.read(position - base, buffer.asSlice(0, length));
                String problem = RecordCodec.check(buffer.asSlice(0, length), position);
                if (problem != null) {
                    return endAt(position, trustedEnd, problem);
                }
                position += length;
            }
            return position;
        }
    }

    /**
     * The intact part of the log ends at {@code position}. Decides whether what follows is a torn tail (cut) or
     * corruption (thrown).
     */
    private long endAt(long position, long trustedEnd, String problem) throws IOException {
        if (problem == null && position == cleanEnd) {
            return position;
        }
        if (problem != null && position < trustedEnd) {
            throw log.corrupted(position, problem + " (below the last durable position " + trustedEnd + ")");
        }
        long validAfter = findValidRecordAfter(position);
        if (validAfter >= 0) {
            if (position < trustedEnd
                    || !(hasZeroSector(position, validAfter) || isUnwrittenWrite(position, validAfter))) {
                throw log.corrupted(position, (problem == null ? "unexpected zeros" : problem)
                        + ", yet a valid record follows at position " + validAfter);
            }
            // Writes that were never synced can land out of order (O_DIRECT requests in flight, or page
            // write-back before a power loss): a never-written sector followed by later records is a torn tail.
            long base = position - position % segmentSize;
            LOG.warn("commit log: truncating torn tail of segment {} at file offset {} (position {}): {}; the records "
                            + "from position {} on were written after it but never synced, and are discarded",
                    log.directory().resolve(CommitLog.segmentName(base)), position - base, position,
                    problem == null ? "unwritten bytes" : problem, validAfter);
            log.truncate(position);
            return position;
        }
        if (position < trustedEnd) {
            throw log.corrupted(position, "the log ends before the last durable position " + trustedEnd);
        }
        if (problem != null || hasDataAfter(position)) {
            long base = position - position % segmentSize;
            LOG.warn("commit log: truncating torn tail of segment {} at file offset {} (position {}): {}",
                    log.directory().resolve(CommitLog.segmentName(base)), position - base, position,
                    problem == null ? "partial record" : problem);
            log.truncate(position);
        }
        return position;
    }

    /** True if any non-zero byte exists at or after {@code position}. */
    private boolean hasDataAfter(long position) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment chunk = arena.allocate(CHUNK);
            MemorySegment zeros = arena.allocate(CHUNK);
            for (Map.Entry<Long, IoFile> entry : log.segments().tailMap(position - position % segmentSize, true).entrySet()) {
                long base = entry.getKey();
                for (long offset = Math.max(0, position - base); offset < segmentSize; offset += CHUNK) {
                    long length = Math.min(CHUNK, segmentSize - offset);
                    entry.getValue().read(offset, chunk.asSlice(0, length));
                    if (chunk.asSlice(0, length).mismatch(zeros.asSlice(0, length)) >= 0) {
                        return true;
                    }
                }
            }
            return false;
        }
    }

    /** True if an aligned 512-byte sector inside [from, to) is all zeros: bytes that were never written. */
    private boolean hasZeroSector(long from, long to) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment sector = arena.allocate(SECTOR);
            MemorySegment zeros = arena.allocate(SECTOR);
            for (long start = (from + SECTOR - 1) / SECTOR * SECTOR; start + SECTOR <= to; start += SECTOR) {
                long base = start - start % segmentSize;
                IoFile file = log.segments().get(base);
                if (file == null) {
                    return true;
                }
                file.read(start - base, sector);
                if (sector.mismatch(zeros) < 0) {
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * True if {@code [from, to)} looks like an O_DIRECT write that never landed before a later one that did: zeros
     * from {@code from} to the next sector boundary (the rest of the last sector written before), and from that
     * boundary on the later write's bytes, which begin with the tail of the record that straddles the boundary, so
     * they are not all zeros (or the boundary is {@code to} itself). A lost write of a short record that fits inside
     * a sector leaves no whole zero sector, so {@link #hasZeroSector} alone would call it corruption.
     */
    private boolean isUnwrittenWrite(long from, long to) throws IOException {
        long boundary = (from / SECTOR + 1) * SECTOR;
        long segmentEnd = from - from % segmentSize + segmentSize;
        if (boundary > to || to > segmentEnd) {
            return false;
        }
        return isZero(from, boundary) && (boundary == to || !isZero(boundary, to));
    }

    /** True if every byte of {@code [from, to)}, which lies within one segment, is zero. */
    private boolean isZero(long from, long to) throws IOException {
        long base = from - from % segmentSize;
        IoFile file = log.segments().get(base);
        if (file == null || to - base > segmentSize) {
            return false;
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment bytes = arena.allocate(to - from);
            file.read(from - base, bytes);
            return bytes.mismatch(arena.allocate(to - from)) < 0;
        }
    }

    /** The position of the first intact record or filler after {@code position}, or -1. */
    private long findValidRecordAfter(long position) throws IOException {
        if (!hasDataAfter(position + 1)) {
            return -1;
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment chunk = arena.allocate(CHUNK + HEADER_LENGTH);
            MemorySegment candidate = arena.allocate(log.maxRecordSize());
            for (Map.Entry<Long, IoFile> entry : log.segments().tailMap(position - position % segmentSize, true).entrySet()) {
                long base = entry.getKey();
                IoFile file = entry.getValue();
                long start = Math.max(0, position + 1 - base);
                for (long offset = start; offset + FILLER_LENGTH <= segmentSize; offset += CHUNK) {
                    long length = Math.min(CHUNK + HEADER_LENGTH, segmentSize - offset);
                    file.read(offset, chunk.asSlice(0, length));
                    for (long i = 0; i + FILLER_LENGTH <= length && i < CHUNK; i++) {
                        int magic = chunk.get(RecordCodec.INT, i + MAGIC_OFFSET);
                        if ((magic == RECORD_MAGIC || magic == FILLER_MAGIC)
                                && chunk.get(RecordCodec.LONG, i + POSITION_OFFSET) == base + offset + i) {
                            int recordLength = chunk.get(RecordCodec.INT, i + LENGTH_OFFSET);
                            long checkLength = magic == FILLER_MAGIC ? FILLER_LENGTH : recordLength;
                            if (checkLength >= FILLER_LENGTH && checkLength <= log.maxRecordSize()
                                    && offset + i + checkLength <= segmentSize) {
                                MemorySegment image = candidate.asSlice(0, checkLength);
                                file.read(offset + i, image);
                                if (RecordCodec.check(image, base + offset + i) == null) {
                                    return base + offset + i;
                                }
                            }
                        }
                    }
                }
            }
            return -1;
        }
    }

}
