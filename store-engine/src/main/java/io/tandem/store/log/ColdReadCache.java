package io.tandem.store.log;

import io.tandem.store.io.IoFile;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The store's own cache for reads that miss the tail cache: aligned blocks of segment files, kept off-heap and
 * evicted oldest first within a fixed budget. It turns a catching-up consumer's record-by-record reads into
 * one large read per block, which matters with O_DIRECT (no kernel read-ahead) and costs nothing otherwise.
 *
 * <p>Only blocks wholly below the file-written position are cached: those bytes never change again. Blocks
 * are separate GC-managed allocations, so a reader copying from a block that is evicted meanwhile still reads
 * valid memory. Thread-safe.
 */
final class ColdReadCache {

    static final int BLOCK_SIZE = 256 * 1024;

    private final long maxBlocks;
    private final ConcurrentHashMap<Long, MemorySegment> blocks = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Long> order = new ConcurrentLinkedQueue<>();
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong misses = new AtomicLong();

    ColdReadCache(long capacityBytes) {
        this.maxBlocks = capacityBytes / BLOCK_SIZE;
    }

    boolean enabled() {
        return maxBlocks > 0;
    }

    /**
     * Copies {@code length} bytes at log {@code position} (in the segment at {@code base}) into {@code target},
     * through cached blocks. The caller guarantees the range is inside one segment and below
     * {@code fileWrittenPosition}.
     *
     * @return false if a block could not be cached (it reaches past {@code fileWrittenPosition}); nothing copied
     */
    boolean read(IoFile file, long base, long segmentSize, long position, MemorySegment target, long length,
                 long fileWrittenPosition) throws IOException {
        long copied = 0;
        while (copied < length) {
            long at = position + copied;
            long blockStart = at - (at - base) % BLOCK_SIZE;
            long blockLength = Math.min(BLOCK_SIZE, base + segmentSize - blockStart);
            if (blockStart + blockLength > fileWrittenPosition) {
                return false;
            }
            MemorySegment block = blocks.get(blockStart);
            if (block == null) {
                misses.incrementAndGet();
                block = Arena.ofAuto().allocate(blockLength, 4096);
                file.read(blockStart - base, block);
                if (blocks.putIfAbsent(blockStart, block) == null) {
                    order.add(blockStart);
                    evict();
                }
            } else {
                hits.incrementAndGet();
            }
            long offset = at - blockStart;
            long chunk = Math.min(length - copied, blockLength - offset);
            MemorySegment.copy(block, offset, target, copied, chunk);
            copied += chunk;
        }
        return true;
    }

    /** Forgets blocks of positions before {@code minPosition} (deleted segments). */
    void forgetBefore(long minPosition) {
        blocks.keySet().removeIf(start -> start < minPosition);
        order.removeIf(start -> start < minPosition);
    }

    /** Forgets blocks reaching to {@code position} or beyond (bytes that are written again). */
    void forgetFrom(long position) {
        blocks.keySet().removeIf(start -> start + BLOCK_SIZE > position);
        order.removeIf(start -> start + BLOCK_SIZE > position);
    }

    long hits() {
        return hits.get();
    }

    long misses() {
        return misses.get();
    }

    private void evict() {
        while (blocks.size() > maxBlocks) {
            Long oldest = order.poll();
            if (oldest == null) {
                return;
            }
            blocks.remove(oldest);
        }
    }
}
