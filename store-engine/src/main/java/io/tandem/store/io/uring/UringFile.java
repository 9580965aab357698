package io.tandem.store.io.uring;

import io.tandem.store.io.IoFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A file opened with O_DIRECT, doing all its I/O through its own io_uring instance.
 *
 * <p>Writes go through an aligned staging area: the bytes are copied in after the first (and, for the final
 * window, the last) 4 KiB block has been made to hold the file's current content, and the whole blocks are
 * queued as <em>pending</em> writes, not yet submitted. {@link #force()} submits the pending writes, the partial
 * last block and the fdatasync in one {@code io_uring_enter} and waits for all of them: one device round trip
 * per group commit. {@link #handOff()} submits the pending writes and the partial last block without the
 * fdatasync and waits for them: what an acknowledgement that must survive a crash of the process waits for.
 * Pending writes are also submitted early (and waited for) when the staging area is full, before blocks are read
 * back from the file for a read-modify-write, when a write overlaps a pending one (the kernel may run unlinked
 * writes in any order), and on {@link #truncate} and {@link #close()}.
 *
 * <p>The staging area is used from its start: bytes {@code [0, used)} belong to pending writes; the partially
 * filled last block stays in memory as the <em>tail cache</em> (staging bytes {@code [used, used + 4096)}, a
 * complete image of that file block) and is written with the next write that completes it, by {@link #force()} or
 * {@link #handOff()} (and rewritten once more bytes of it are written), when a write elsewhere needs the staging
 * area, or on {@link #close()}. Once nothing is pending the tail cache moves back to index 0. Reads overlay the
 * pending writes and the tail cache on what they read from the file, so they see every completed {@link #write}
 * call.
 *
 * <p>{@code zeroFrom} is an offset from which the file is known to hold only zeros, or to be covered by pending
 * writes (a newly created or extended file, or after {@link #truncate}); blocks there need no read-modify-write.
 *
 * <p>All state, including the ring, is guarded by one lock: readers run one at a time, and never concurrently
 * with the writer. A failed write, force or truncate (including a deferred write failing in {@code force()})
 * makes the file refuse further writes, forces and truncates (its content on disk is unknown); reads still work.
 */
final class UringFile implements IoFile {

    static final int BLOCK = 4096;

    private static final Logger LOG = LoggerFactory.getLogger(UringFile.class);

    private final UringIoEngine engine;
    private final Path path;
    private final long capacity;
    private final int fd;
    private final Ring ring;
    private final Arena arena;
    private final UringIoEngine.Options options;
    private final boolean dsyncWrites;
    private final ReentrantLock lock = new ReentrantLock();

    private MemorySegment staging;
    private MemorySegment readBuffer;
    private int stagingIndex = -1;
    private int readBufferIndex = -1;
    private boolean fixedBuffersRefused;

    /** Writes staged but not yet submitted, in the order they were staged; they never overlap. */
    private final List<Op> pending = new ArrayList<>();
    /** Staging bytes {@code [0, used)} are (or were) referenced by pending writes; new windows start at used. */
    private int used;
    /** Where the tail cache's block image lives in staging; equals {@code used} while there is a tail cache. */
    private int cacheIndex;
    private long cacheBlock = -1;
    private boolean cacheDirty;
    private long zeroFrom;
    private boolean unsynced;
    private IOException writeFailure;
    private boolean closed;

    UringFile(UringIoEngine engine, Path path, long capacity, int fd, Ring ring, Arena arena,
              UringIoEngine.Options options, long zeroFrom) {
        this.engine = engine;
        this.path = path;
        this.capacity = capacity;
        this.fd = fd;
        this.ring = ring;
        this.arena = arena;
        this.options = options;
        this.dsyncWrites = options.syncMode() == UringIoEngine.SyncMode.DSYNC_WRITES;
        this.zeroFrom = zeroFrom;
    }

    @Override
    public Path path() {
        return path;
    }

    @Override
    public long capacity() {
        return capacity;
    }

    @Override
    public void write(long fileOffset, MemorySegment source) throws IOException {
        long length = source.byteSize();
        checkRange("write", fileOffset, length);
        lock.lock();
        try {
            ensureWritable("write", fileOffset, length);
            if (length == 0) {
                return;
            }
            ensureStaging();
            try {
                writeLocked(fileOffset, source);
            } catch (IOException e) {
                writeFailure = e;
                pending.clear();
                throw e;
            }
        } finally {
            lock.unlock();
        }
    }

    private void writeLocked(long fileOffset, MemorySegment source) throws IOException {
        long length = source.byteSize();
        int stagingSize = (int) staging.byteSize();
        long position = fileOffset;
        long copied = 0;
        while (copied < length) {
            long blockStart = alignDown(position);
            int startInBlock = (int) (position - blockStart);
            int base;
            boolean newWindow = cacheBlock != blockStart;
            if (newWindow) {
                leaveCache();
                int needed = (int) Math.min(stagingSize, alignUp(startInBlock + (length - copied)));
                if (stagingSize - used < needed && used > 0) {
                    // Not enough free staging for this write: write out what is pending and start over at 0.
                    flushPending();
                    used = 0;
                }
                base = used;
            } else {
                base = cacheIndex;
            }
            int count = (int) Math.min(length - copied, stagingSize - base - startInBlock);
            int filledEnd = startInBlock + count;
            int tail = filledEnd % BLOCK;
            int lastBlockIndex = filledEnd - tail;

            List<Op> loads = new ArrayList<>(2);
            if (newWindow) {
                boolean firstBlockCovered = startInBlock == 0 && filledEnd >= BLOCK;
                if (!firstBlockCovered) {
                    prepareBlock(base, blockStart, loads);
                }
            }
            if (tail != 0 && lastBlockIndex != 0) {
                prepareBlock(base + lastBlockIndex, blockStart + lastBlockIndex, loads);
            }
            if (!loads.isEmpty()) {
                // The file must hold the pending writes before blocks are read back from it.
                flushPending();
                execute(loads);
            }
            MemorySegment.copy(source, copied, staging, base + startInBlock, count);

            if (lastBlockIndex > 0) {
                stageWrite(blockStart, base, lastBlockIndex);
            }
            used = base + lastBlockIndex;
            position += count;
            copied += count;
            zeroFrom = Math.max(zeroFrom, position);
            if (tail != 0) {
                cacheBlock = blockStart + lastBlockIndex;
                cacheIndex = used;
                cacheDirty = true;
            } else {
                cacheDirty = false;
                cacheBlock = -1;
                if (position >= zeroFrom && position < capacity && used + BLOCK <= stagingSize) {
                    // The next append starts a block known to be all zeros: cache it without reading.
                    staging.asSlice(used, BLOCK).fill((byte) 0);
                    cacheBlock = position;
                    cacheIndex = used;
                }
            }
        }
    }

    /**
     * Makes staging bytes {@code [index, index + BLOCK)} hold file block {@code fileBlock}: zeros if the block is
     * known to be zero, else a read added to {@code loads}.
     */
    private void prepareBlock(int index, long fileBlock, List<Op> loads) {
        if (fileBlock >= zeroFrom) {
            staging.asSlice(index, BLOCK).fill((byte) 0);
        } else {
            loads.add(Op.read(fd, fileBlock, staging.address() + index, BLOCK, stagingIndex));
        }
    }

    /**
     * Queues writes of staging bytes {@code [stagingOffset, stagingOffset + length)} to {@code fileOffset}, to be
     * submitted by {@link #flushPending()} or {@link #force()}. Pending writes never overlap, as the kernel may
     * run them in any order: one overlapping an earlier pending write is preceded by a flush.
     */
    private void stageWrite(long fileOffset, int stagingOffset, int length) throws IOException {
        long end = fileOffset + length;
        for (Op op : pending) {
            if (op.fileOffset < end && fileOffset < op.fileOffset + op.length) {
                flushPending();
                break;
            }
        }
        int chunk = options.chunkSize();
        for (int done = 0; done < length; done += chunk) {
            int count = Math.min(chunk, length - done);
            pending.add(Op.write(fd, fileOffset + done, staging.address() + stagingOffset + done, count,
                    stagingIndex, dsyncWrites));
        }
    }

    /** Leaves the current tail-cache block: a dirty one is queued for writing, and stays in staging until then. */
    private void leaveCache() throws IOException {
        if (cacheBlock >= 0 && cacheDirty) {
            stageWrite(cacheBlock, cacheIndex, BLOCK);
            used = cacheIndex + BLOCK;
        }
        cacheBlock = -1;
        cacheDirty = false;
    }

    /** Submits the pending writes and waits for them (without syncing); the staging layout is kept. */
    private void flushPending() throws IOException {
        if (pending.isEmpty()) {
            return;
        }
        List<Op> ops = new ArrayList<>(pending);
        pending.clear();
        unsynced |= !dsyncWrites;
        execute(ops);
    }

    /** With nothing pending: moves the tail cache to the start of the staging area, freeing the rest. */
    private void compactStaging() {
        if (cacheBlock >= 0 && cacheIndex != 0) {
            MemorySegment.copy(staging, cacheIndex, staging, 0, BLOCK);
        }
        cacheIndex = 0;
        used = 0;
    }

    @Override
    public void read(long fileOffset, MemorySegment destination) throws IOException {
        long length = destination.byteSize();
        checkRange("read", fileOffset, length);
        lock.lock();
        try {
            ensureOpen("read", fileOffset, length);
            if (length == 0) {
                return;
            }
            if (cacheBlock >= 0 && fileOffset >= cacheBlock && fileOffset + length <= cacheBlock + BLOCK) {
                MemorySegment.copy(staging, cacheIndex + fileOffset - cacheBlock, destination, 0, length);
                return;
            }
            ensureReadBuffer();
            long end = fileOffset + length;
            long position = fileOffset;
            while (position < end) {
                long alignedStart = alignDown(position);
                long alignedEnd = Math.min(alignUp(end), alignedStart + readBuffer.byteSize());
                int span = (int) (alignedEnd - alignedStart);
                int chunk = options.chunkSize();
                List<Op> ops = new ArrayList<>(span / chunk + 1);
                for (int done = 0; done < span; done += chunk) {
                    ops.add(Op.read(fd, alignedStart + done, readBuffer.address() + done,
                            Math.min(chunk, span - done), readBufferIndex));
                }
                execute(ops);
                // Writes not yet submitted are newer than what the file holds (and never overlap each other).
                for (Op op : pending) {
                    long from = Math.max(op.fileOffset, alignedStart);
                    long to = Math.min(op.fileOffset + op.length, alignedEnd);
                    if (from < to) {
                        long stagingOffset = op.address - staging.address() + (from - op.fileOffset);
                        MemorySegment.copy(staging, stagingOffset, readBuffer, from - alignedStart, to - from);
                    }
                }
                if (cacheBlock >= alignedStart && cacheBlock < alignedEnd) {
                    MemorySegment.copy(staging, cacheIndex, readBuffer, cacheBlock - alignedStart, BLOCK);
                }
                long count = Math.min(end, alignedEnd) - position;
                MemorySegment.copy(readBuffer, position - alignedStart, destination, position - fileOffset, count);
                position += count;
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Submits every pending write, the dirty tail block and (unless every write carries RWF_DSYNC) an fdatasync
     * in one {@code io_uring_enter}, and waits for all of them. A single write is linked to the fdatasync
     * ({@code IOSQE_IO_LINK}); several run in parallel and the fdatasync drains them ({@code IOSQE_IO_DRAIN}).
     * Succeeds only if every write and the sync succeeded.
     */
    @Override
    public void force() throws IOException {
        lock.lock();
        try {
            ensureWritable("force", -1, 0);
            try {
                forceLocked();
            } catch (IOException e) {
                writeFailure = e;
                pending.clear();
                throw e;
            }
        } finally {
            lock.unlock();
        }
    }

    private void forceLocked() throws IOException {
        if (cacheDirty) {
            // The tail block stays cached (and is appended to later); nothing else may touch it until it is written.
            stageWrite(cacheBlock, cacheIndex, BLOCK);
        }
        List<Op> ops = new ArrayList<>(pending);
        pending.clear();
        if (dsyncWrites) {
            if (!ops.isEmpty()) {
                execute(ops);
            }
        } else if (!ops.isEmpty() || unsynced) {
            Op sync = Op.fsync(fd, true);
            if (ops.size() == 1) {
                ops.getFirst().link(sync);
            } else {
                sync.drained();
            }
            ops.add(sync);
            execute(ops);
            if (ops.size() > 2 && anyContinued(ops)) {
                // A write finished in parts after the drained sync may have started: sync again.
                execute(List.of(Op.fsync(fd, true)));
            }
            unsynced = false;
        }
        cacheDirty = false;
        if (staging != null) {
            compactStaging();
        }
    }

    /**
     * Submits every pending write and the dirty tail block (without an fdatasync) in one {@code io_uring_enter} and
     * waits for them. The tail block stays cached, so the next write to it completes it in memory and writes it again.
     */
    @Override
    public void handOff() throws IOException {
        lock.lock();
        try {
            ensureWritable("hand-off", -1, 0);
            try {
                if (cacheDirty) {
                    stageWrite(cacheBlock, cacheIndex, BLOCK);
                    cacheDirty = false;
                }
                flushPending();
                if (staging != null) {
                    compactStaging();
                }
            } catch (IOException e) {
                writeFailure = e;
                pending.clear();
                throw e;
            }
        } finally {
            lock.unlock();
        }
    }

    private static boolean anyContinued(List<Op> ops) {
        for (Op op : ops) {
            if (op.continued) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void truncate(long fileOffset) throws IOException {
        checkRange("truncate", fileOffset, 0);
        lock.lock();
        try {
            ensureWritable("truncate", fileOffset, 0);
            try {
                flushPending();
                if (staging != null) {
                    compactStaging();
                }
                truncateLocked(fileOffset);
            } catch (IOException e) {
                writeFailure = e;
                pending.clear();
                throw e;
            }
        } finally {
            lock.unlock();
        }
    }

    /** Runs with nothing pending and the tail cache, if any, at staging index 0. */
    private void truncateLocked(long fileOffset) throws IOException {
        long block = alignDown(fileOffset);
        int within = (int) (fileOffset - block);
        long firstDiscardedBlock = alignUp(fileOffset);
        if (within != 0) {
            // The block holding the new end keeps its first bytes: zero the rest of it ourselves, so the
            // file system only ever truncates at block boundaries.
            ensureStaging();
            if (cacheBlock != block) {
                writeCacheNowIfDirty();
                cacheBlock = -1;
                List<Op> loads = new ArrayList<>(1);
                prepareBlock(0, block, loads);
                execute(loads);
                cacheBlock = block;
            }
            staging.asSlice(within, BLOCK - within).fill((byte) 0);
            cacheDirty = true;
            writeCacheNowIfDirty();
        } else if (cacheBlock >= 0 && cacheBlock < fileOffset) {
            writeCacheNowIfDirty();
        }
        if (cacheBlock >= firstDiscardedBlock) {
            staging.asSlice(0, BLOCK).fill((byte) 0);
            cacheDirty = false;
        }
        if (firstDiscardedBlock < capacity) {
            check(LibC.ftruncate(fd, firstDiscardedBlock), "ftruncate to " + firstDiscardedBlock);
            check(LibC.ftruncate(fd, capacity), "ftruncate to " + capacity);
        }
        execute(List.of(Op.fsync(fd, false)));
        unsynced = false;
        zeroFrom = Math.min(zeroFrom, fileOffset);
    }

    /** Writes the tail cache (at staging index 0) now, if dirty; used with nothing pending. */
    private void writeCacheNowIfDirty() throws IOException {
        if (cacheDirty) {
            execute(List.of(Op.write(fd, cacheBlock, staging.address(), BLOCK, stagingIndex, dsyncWrites)));
            unsynced |= !dsyncWrites;
            cacheDirty = false;
        }
    }

    @Override
    public void close() throws IOException {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            IOException failure = null;
            if (writeFailure == null) {
                try {
                    leaveCache();
                    flushPending();
                } catch (IOException e) {
                    failure = e;
                }
            }
            pending.clear();
            closed = true;
            try {
                ring.close();
            } catch (IOException e) {
                failure = chain(failure, e);
            }
            long result = LibC.close(fd);
            if (result < 0) {
                failure = chain(failure, new ErrnoException("close of " + path + " failed with "
                        + Errno.describe((int) -result), (int) -result));
            }
            if (ring.inFlightUnknown()) {
                LOG.error("{}: io_uring operations may still be in flight; leaking their buffers instead of "
                        + "freeing memory the kernel may write to", path);
            } else {
                arena.close();
            }
            engine.forget(this);
            if (failure != null) {
                throw failure;
            }
        } finally {
            lock.unlock();
        }
    }

    /** The O_DIRECT file descriptor, for tests that provoke failures. */
    int fd() {
        return fd;
    }

    private static IOException chain(IOException first, IOException next) {
        if (first == null) {
            return next;
        }
        first.addSuppressed(next);
        return first;
    }

    private void execute(List<Op> ops) throws IOException {
        try {
            ring.run(ops);
        } catch (ErrnoException e) {
            throw new ErrnoException(describe(ops.getFirst()) + " of " + path + " failed: " + e.getMessage(),
                    e.errno());
        }
        for (Op op : ops) {
            if (op.failed()) {
                throw new ErrnoException(describe(op) + " of " + path + " failed with " + Errno.describe(op.errno)
                        + (op.detail != null ? ": " + op.detail : ""), op.errno);
            }
        }
    }

    private static String describe(Op op) {
        return op.transfersData() ? op.name + " of " + op.length + " bytes at offset " + op.fileOffset : op.name;
    }

    private void check(long result, String operation) throws IOException {
        if (result < 0) {
            throw new ErrnoException(operation + " of " + path + " failed with " + Errno.describe((int) -result),
                    (int) -result);
        }
    }

    private void ensureStaging() {
        if (staging == null) {
            staging = arena.allocate(options.stagingSize(), BLOCK);
            registerBuffers();
        }
    }

    private void ensureReadBuffer() {
        if (readBuffer == null) {
            readBuffer = arena.allocate(options.readBufferSize(), BLOCK);
            registerBuffers();
        }
    }

    /** (Re-)registers the buffers allocated so far as fixed buffers; falls back to plain reads and writes. */
    private void registerBuffers() {
        stagingIndex = -1;
        readBufferIndex = -1;
        if (fixedBuffersRefused) {
            restagePending();
            return;
        }
        List<MemorySegment> buffers = new ArrayList<>(2);
        if (staging != null) {
            buffers.add(staging);
        }
        if (readBuffer != null) {
            buffers.add(readBuffer);
        }
        long result = ring.registerBuffers(buffers);
        if (result < 0) {
            fixedBuffersRefused = true;
            LOG.warn("{}: IORING_REGISTER_BUFFERS failed with {} (RLIMIT_MEMLOCK?); using unregistered buffers",
                    path, Errno.name((int) -result));
            restagePending();
            return;
        }
        int index = 0;
        if (staging != null) {
            stagingIndex = index++;
        }
        if (readBuffer != null) {
            readBufferIndex = index;
        }
        restagePending();
    }

    /** Re-creates the pending writes after a buffer registration change, so they use the current staging index. */
    private void restagePending() {
        for (int i = 0; i < pending.size(); i++) {
            Op op = pending.get(i);
            if (op.bufferIndex != stagingIndex) {
                pending.set(i, Op.write(fd, op.fileOffset, op.address, op.length, stagingIndex, dsyncWrites));
            }
        }
    }

    private void checkRange(String operation, long fileOffset, long length) throws IOException {
        if (fileOffset < 0 || length < 0 || fileOffset > capacity - length) {
            throw new IOException(operation + " of " + length + " bytes at offset " + fileOffset + " is outside "
                    + path + " (capacity " + capacity + ")");
        }
    }

    private void ensureOpen(String operation, long fileOffset, long length) throws IOException {
        if (closed) {
            throw new IOException(operation + where(fileOffset, length) + " of " + path
                    + " failed: the file is closed");
        }
    }

    private void ensureWritable(String operation, long fileOffset, long length) throws IOException {
        ensureOpen(operation, fileOffset, length);
        if (writeFailure != null) {
            throw new IOException(operation + where(fileOffset, length) + " of " + path + " refused: an earlier "
                    + "write, force or truncate failed, so what the file holds on disk is unknown", writeFailure);
        }
    }

    private static String where(long fileOffset, long length) {
        return fileOffset < 0 ? "" : " of " + length + " bytes at offset " + fileOffset;
    }

    private static long alignDown(long offset) {
        return offset & -BLOCK;
    }

    private static long alignUp(long offset) {
        return (offset + BLOCK - 1) & -BLOCK;
    }
}
