package io.tandem.store.log;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.VarHandle;

/**
 * The newest bytes of the commit log, kept off-heap so that appends never wait for the disk and readers of
 * recent records never touch it. Log position {@code p} lives at ring offset {@code p % capacity}.
 *
 * <p>One writer (under the log's append lock) and any number of readers. Before the writer overwrites ring
 * bytes it raises {@link #validFrom()}; a reader copies, then re-checks that its position is still at or above
 * it (a seqlock), and otherwise reads the file instead. The log guarantees that only bytes already handed to
 * the file are overwritten.
 */
final class TailCache implements AutoCloseable {

    private final Arena arena = Arena.ofShared();
    private final MemorySegment ring;
    private final long capacity;
    private volatile long validFrom;

    TailCache(long capacity, long startPosition) {
        this.capacity = capacity;
        this.ring = arena.allocate(capacity, 4096);
        this.validFrom = startPosition;
    }

    long capacity() {
        return capacity;
    }

    long validFrom() {
        return validFrom;
    }

    /** Before any append: the ring holds nothing below {@code position}. */
    void reset(long position) {
        validFrom = position;
    }

    /** Writer only: copies {@code length} bytes of {@code source} to the ring place of {@code position}. */
    void put(long position, MemorySegment source, long sourceOffset, long length) {
        claim(position, length);
        long ringOffset = position % capacity;
        long first = Math.min(length, capacity - ringOffset);
        MemorySegment.copy(source, sourceOffset, ring, ringOffset, first);
        if (first < length) {
            MemorySegment.copy(source, sourceOffset + first, ring, 0, length - first);
        }
    }

    /** Writer only: zeros {@code length} bytes at {@code position}. */
    void zero(long position, long length) {
        claim(position, length);
        long ringOffset = position % capacity;
        long first = Math.min(length, capacity - ringOffset);
        ring.asSlice(ringOffset, first).fill((byte) 0);
        if (first < length) {
            ring.asSlice(0, length - first).fill((byte) 0);
        }
    }

    /** Raises {@link #validFrom()} past the bytes that writing [position, position + length) overwrites. */
    private void claim(long position, long length) {
        long newValidFrom = position + length - capacity;
        if (newValidFrom > validFrom) {
            validFrom = newValidFrom;
            VarHandle.storeStoreFence();
        }
    }

    /**
     * Copies {@code length} bytes at {@code position} into {@code target}.
     *
     * @return false if those bytes are no longer (or not) in the ring; the target then holds nothing useful
     */
    boolean read(long position, MemorySegment target, long targetOffset, long length) {
        if (position < validFrom) {
            return false;
        }
        long ringOffset = position % capacity;
        long first = Math.min(length, capacity - ringOffset);
        MemorySegment.copy(ring, ringOffset, target, targetOffset, first);
        if (first < length) {
            MemorySegment.copy(ring, 0, target, targetOffset + first, length - first);
        }
        VarHandle.loadLoadFence();
        return position >= validFrom;
    }

    /** A view of ring bytes for the flusher, which only touches bytes the writer will not overwrite meanwhile. */
    MemorySegment slice(long position, long length) {
        long ringOffset = position % capacity;
        if (ringOffset + length > capacity) {
            throw new IllegalArgumentException("slice wraps the ring");
        }
        return ring.asSlice(ringOffset, length);
    }

    /** Bytes from {@code position} to the end of the ring's linear space. */
    long contiguousFrom(long position) {
        return capacity - position % capacity;
    }

    @Override
    public void close() {
        arena.close();
    }
}
