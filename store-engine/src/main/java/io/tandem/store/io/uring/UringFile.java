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
 * window, the last) 4 KiB block has been made to hold the file's current content, and whole blocks are written.
 * The partially filled last block stays in memory as the <em>tail cache</em> (staging bytes 0 to 4095, a
 * complete image of that file block) and is written with the next write that completes it, by {@link #force()},
 * when a write elsewhere needs the staging area, or on {@link #close()}. Reads overlay the tail cache on what
 * they read from the file, so they see every completed write.
 *
 * <p>{@code zeroFrom} is an offset from which the file is known to hold only zeros (a newly created or extended
 * file, or after {@link #truncate}); blocks there need no read-modify-write.
 *
 * <p>All state, including the ring, is guarded by one lock: readers run one at a time, and never concurrently
 * with the writer. A failed write, force or truncate makes the file refuse further writes, forces and
 * truncates (its content on disk is unknown); reads still work.
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
            int count = (int) Math.min(length - copied, stagingSize - startInBlock);
            int filledEnd = startInBlock + count;
            int tail = filledEnd % BLOCK;
            int lastBlockIndex = filledEnd - tail;

            List<Op> loads = new ArrayList<>(2);
            if (cacheBlock != blockStart) {
                writeCacheIfDirty();
                cacheBlock = -1;
                boolean firstBlockCovered = startInBlock == 0 && filledEnd >= BLOCK;
                if (!firstBlockCovered) {
                    prepareBlock(0, blockStart, loads);
                }
            }
            if (tail != 0 && lastBlockIndex != 0) {
                prepareBlock(lastBlockIndex, blockStart + lastBlockIndex, loads);
            }
            if (!loads.isEmpty()) {
                execute(loads);
            }
            MemorySegment.copy(source, copied, staging, startInBlock, count);

            if (lastBlockIndex > 0) {
                writeStaged(blockStart, 0, lastBlockIndex);
            }
            position += count;
            copied += count;
            zeroFrom = Math.max(zeroFrom, position);
            if (tail != 0) {
                if (lastBlockIndex != 0) {
                    MemorySegment.copy(staging, lastBlockIndex, staging, 0, BLOCK);
                }
                cacheBlock = blockStart + lastBlockIndex;
                cacheDirty = true;
            } else {
                cacheDirty = false;
                cacheBlock = -1;
                if (position >= zeroFrom && position < capacity) {
                    // The next append starts a block known to be all zeros: cache it without reading.
                    staging.asSlice(0, BLOCK).fill((byte) 0);
                    cacheBlock = position;
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

    private void writeStaged(long fileOffset, int stagingOffset, int length) throws IOException {
        int chunk = options.chunkSize();
        List<Op> ops = new ArrayList<>(length / chunk + 1);
        for (int done = 0; done < length; done += chunk) {
            int count = Math.min(chunk, length - done);
            ops.add(Op.write(fd, fileOffset + done, staging.address() + stagingOffset + done, count, stagingIndex,
                    dsyncWrites));
        }
        unsynced |= !dsyncWrites;
        execute(ops);
    }

    private void writeCacheIfDirty() throws IOException {
        if (cacheDirty) {
            writeStaged(cacheBlock, 0, BLOCK);
            cacheDirty = false;
        }
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
                MemorySegment.copy(staging, fileOffset - cacheBlock, destination, 0, length);
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
                if (cacheBlock >= alignedStart && cacheBlock < alignedEnd) {
                    MemorySegment.copy(staging, 0, readBuffer, cacheBlock - alignedStart, BLOCK);
                }
                long count = Math.min(end, alignedEnd) - position;
                MemorySegment.copy(readBuffer, position - alignedStart, destination, position - fileOffset, count);
                position += count;
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void force() throws IOException {
        lock.lock();
        try {
            ensureWritable("force", -1, 0);
            try {
                if (dsyncWrites) {
                    writeCacheIfDirty();
                } else if (cacheDirty) {
                    Op write = Op.write(fd, cacheBlock, staging.address(), BLOCK, stagingIndex, false);
                    Op sync = write.link(Op.fsync(fd, true));
                    execute(List.of(write, sync));
                    cacheDirty = false;
                    unsynced = false;
                } else if (unsynced) {
                    execute(List.of(Op.fsync(fd, true)));
                    unsynced = false;
                }
            } catch (IOException e) {
                writeFailure = e;
                throw e;
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void truncate(long fileOffset) throws IOException {
        checkRange("truncate", fileOffset, 0);
        lock.lock();
        try {
            ensureWritable("truncate", fileOffset, 0);
            try {
                truncateLocked(fileOffset);
            } catch (IOException e) {
                writeFailure = e;
                throw e;
            }
        } finally {
            lock.unlock();
        }
    }

    private void truncateLocked(long fileOffset) throws IOException {
        long block = alignDown(fileOffset);
        int within = (int) (fileOffset - block);
        long firstDiscardedBlock = alignUp(fileOffset);
        if (within != 0) {
            // The block holding the new end keeps its first bytes: zero the rest of it ourselves, so the
            // file system only ever truncates at block boundaries.
            ensureStaging();
            if (cacheBlock != block) {
                writeCacheIfDirty();
                cacheBlock = -1;
                List<Op> loads = new ArrayList<>(1);
                prepareBlock(0, block, loads);
                execute(loads);
                cacheBlock = block;
            }
            staging.asSlice(within, BLOCK - within).fill((byte) 0);
            cacheDirty = true;
            writeCacheIfDirty();
        } else if (cacheBlock >= 0 && cacheBlock < fileOffset) {
            writeCacheIfDirty();
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
                    writeCacheIfDirty();
                } catch (IOException e) {
                    failure = e;
                }
            }
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
            return;
        }
        int index = 0;
        if (staging != null) {
            stagingIndex = index++;
        }
        if (readBuffer != null) {
            readBufferIndex = index;
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
