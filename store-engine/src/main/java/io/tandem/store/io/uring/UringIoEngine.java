package io.tandem.store.io.uring;

import io.tandem.store.io.Fsync;
import io.tandem.store.io.IoEngine;
import io.tandem.store.io.IoFile;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

/**
 * The native engine: files opened with O_DIRECT, all reads, writes and syncs submitted through io_uring, called
 * with the FFM API (no JNI, nothing to install). Linux x86_64 only; call {@link #probe(Path)} first to learn
 * whether it can work on this machine and file system.
 *
 * <p>Contract: as {@link IoEngine}. O_DIRECT moves whole 4 KiB blocks, so each file keeps its partially
 * written last block in memory and rewrites it as appends fill it: records stay densely packed, and reads see
 * every completed write. File capacities must be multiples of 4096. Durability follows {@link SyncMode}.
 *
 * <p>Thread-safety: the engine is thread-safe. Each file has its own ring and lock: one writer and any number
 * of readers may use a file concurrently, but their I/O is serialised.
 *
 * <p>Failure modes: system calls and completions that fail throw {@link IOException}s naming the operation, the
 * file, the offset and the errno (e.g. {@code EIO}, {@code ENOSPC}). After a failed write, force or truncate the
 * file refuses further writes (what it holds on disk is unknown); it can still be read and must be closed.
 */
public final class UringIoEngine implements IoEngine {

    /** How {@link IoFile#force()} makes writes durable. */
    public enum SyncMode {
        /**
         * Every write carries {@code RWF_DSYNC}, so it is durable when it completes; {@code force()} submits the
         * pending writes and the partial block, all with {@code RWF_DSYNC}, together.
         */
        DSYNC_WRITES,
        /**
         * Writes are plain; {@code force()} submits the pending writes, the partial block and an
         * {@code IORING_OP_FSYNC} ({@code IORING_FSYNC_DATASYNC}) in one {@code io_uring_enter}: linked to a single
         * write with {@code IOSQE_IO_LINK}, or after several with {@code IOSQE_IO_DRAIN}.
         */
        LINKED_FSYNC
    }

    /**
     * Tuning of the engine.
     *
     * @param syncMode       how force makes writes durable
     * @param ringEntries    submission queue entries per file's ring (the kernel rounds up to a power of two)
     * @param chunkSize      bytes per read or write SQE; a multiple of 4096
     * @param stagingSize    bytes of the per-file write staging area; a multiple of 4096, allocated on first write
     * @param readBufferSize bytes of the per-file aligned read buffer; a multiple of 4096, allocated on first read
     */
    public record Options(SyncMode syncMode, int ringEntries, int chunkSize, int stagingSize, int readBufferSize) {

        public Options {
            if (syncMode == null) {
                throw new IllegalArgumentException("syncMode must not be null");
            }
            if (ringEntries < 2 || ringEntries > 32768) {
                throw new IllegalArgumentException("ringEntries must be between 2 and 32768, was " + ringEntries);
            }
            requireBlockMultiple("chunkSize", chunkSize);
            requireBlockMultiple("stagingSize", stagingSize);
            requireBlockMultiple("readBufferSize", readBufferSize);
        }

        /** Linked fsync, 64 ring entries, 256 KiB per SQE, 1 MiB write staging, 256 KiB read buffer. */
        public static Options defaults() {
            return new Options(SyncMode.LINKED_FSYNC, 64, 256 << 10, 1 << 20, 256 << 10);
        }

        public Options withSyncMode(SyncMode mode) {
            return new Options(mode, ringEntries, chunkSize, stagingSize, readBufferSize);
        }

        public Options withRingEntries(int entries) {
            return new Options(syncMode, entries, chunkSize, stagingSize, readBufferSize);
        }

        public Options withChunkSize(int size) {
            return new Options(syncMode, ringEntries, size, stagingSize, readBufferSize);
        }

        public Options withStagingSize(int size) {
            return new Options(syncMode, ringEntries, chunkSize, size, readBufferSize);
        }

        public Options withReadBufferSize(int size) {
            return new Options(syncMode, ringEntries, chunkSize, stagingSize, size);
        }

        private static void requireBlockMultiple(String name, int value) {
            if (value <= 0 || value % UringFile.BLOCK != 0) {
                throw new IllegalArgumentException(name + " must be a positive multiple of 4096, was " + value);
            }
        }
    }

    private static final int BLOCK = UringFile.BLOCK;
    private static final int CREATE_FLAGS = LibC.O_RDWR | LibC.O_CREAT | LibC.O_EXCL | LibC.O_DIRECT | LibC.O_CLOEXEC;
    private static final int OPEN_FLAGS = LibC.O_RDWR | LibC.O_DIRECT | LibC.O_CLOEXEC;
    private static final int MODE_0644 = 0644;

    private final Options options;
    private final Set<UringFile> openFiles = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /** An engine with {@link Options#defaults()}. */
    public UringIoEngine() {
        this(Options.defaults());
    }

    /** An engine with the default options but {@code syncMode}. */
    public UringIoEngine(SyncMode syncMode) {
        this(Options.defaults().withSyncMode(syncMode));
    }

    public UringIoEngine(Options options) {
        this.options = options;
    }

    public Options options() {
        return options;
    }

    @Override
    public String name() {
        return "uring";
    }

    /**
     * {@inheritDoc}
     *
     * <p>The file is opened {@code O_RDWR | O_CREAT | O_DIRECT | O_CLOEXEC} with mode 0644 and extended sparsely
     * (ftruncate) to {@code capacity} if shorter. A new file is made durable with fdatasync and its directory
     * with {@link Fsync#directory}.
     *
     * @throws IllegalArgumentException if {@code capacity} is not a positive multiple of 4096
     */
    @Override
    public IoFile open(Path file, long capacity) throws IOException {
        if (capacity <= 0 || capacity % BLOCK != 0) {
            throw new IllegalArgumentException("capacity of " + file + " must be a positive multiple of 4096 "
                    + "bytes for the uring engine (O_DIRECT writes whole 4 KiB blocks), was " + capacity);
        }
        if (closed) {
            throw new IOException("cannot open " + file + ": the uring engine is closed");
        }
        Path absolute = file.toAbsolutePath();
        Arena arena = Arena.ofShared();
        int fd = -1;
        Ring ring = null;
        boolean created = true;
        try {
            long result = LibC.open(absolute.toString(), CREATE_FLAGS, MODE_0644);
            if (result == -Errno.EEXIST) {
                created = false;
                result = LibC.open(absolute.toString(), OPEN_FLAGS, 0);
            }
            if (result < 0) {
                int errno = (int) -result;
                String hint = errno == Errno.EINVAL ? ": the file system does not support O_DIRECT" : "";
                throw new ErrnoException("open of " + file + " with O_DIRECT failed with " + Errno.describe(errno)
                        + hint, errno);
            }
            fd = (int) result;
            long size = Files.size(absolute);
            if (size < capacity) {
                check(LibC.ftruncate(fd, capacity), "ftruncate to " + capacity, file);
            }
            if (created) {
                check(LibC.fdatasync(fd), "fdatasync", file);
                Fsync.directory(absolute.getParent());
            }
            try {
                ring = Ring.create(options.ringEntries(), arena);
            } catch (ErrnoException e) {
                throw new ErrnoException("cannot use io_uring for " + file + ": " + e.getMessage(), e.errno());
            }
            long zeroFrom = created ? 0 : Math.min(size, capacity);
            UringFile opened = new UringFile(this, file, capacity, fd, ring, arena, options, zeroFrom);
            openFiles.add(opened);
            if (closed) {
                opened.close();
                throw new IOException("cannot open " + file + ": the uring engine is closed");
            }
            return opened;
        } catch (IOException | RuntimeException | Error e) {
            if (ring != null) {
                try {
                    ring.close();
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            if (fd >= 0) {
                LibC.close(fd);
                if (created) {
                    // Left behind (say a full disk failed the ftruncate), the file would look "not created" to
                    // the next attempt, which would then skip the syncs that make its directory entry durable.
                    try {
                        Files.deleteIfExists(absolute);
                    } catch (IOException suppressed) {
                        e.addSuppressed(suppressed);
                    }
                }
            }
            if (ring == null || !ring.inFlightUnknown()) {
                arena.close();
            }
            throw e;
        }
    }

    /** Closes every file still open through this engine (they should have been closed already). */
    @Override
    public void close() throws IOException {
        closed = true;
        IOException failure = null;
        for (UringFile file : List.copyOf(openFiles)) {
            try {
                file.close();
            } catch (IOException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    void forget(UringFile file) {
        openFiles.remove(file);
    }

    /** Files currently open through this engine. */
    int openFileCount() {
        return openFiles.size();
    }

    /**
     * Tells whether this engine can work here: io_uring can be set up and has the operations used, and a file in
     * {@code directory} can be opened with O_DIRECT and written and read back through a ring. Creates and deletes
     * a small probe file in {@code directory}; never throws.
     *
     * @return empty if usable, otherwise why not, e.g. {@code "io_uring_setup failed with EPERM: io_uring
     *         disabled by seccomp or kernel.io_uring_disabled"}
     */
    public static Optional<String> probe(Path directory) {
        String os = System.getProperty("os.name", "");
        String arch = System.getProperty("os.arch", "");
        if (!os.toLowerCase(Locale.ROOT).startsWith("linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
            return Optional.of("the uring engine needs Linux on x86_64, this is " + os + " on " + arch);
        }
        try {
            return probeNative(directory);
        } catch (IllegalCallerException e) {
            return Optional.of("native access is not enabled (run with --enable-native-access=ALL-UNNAMED): "
                    + e.getMessage());
        } catch (LinkageError | RuntimeException e) {
            return Optional.of("cannot call into libc: " + e);
        }
    }

    private static Optional<String> probeNative(Path directory) {
        try (Arena arena = Arena.ofConfined()) {
            Ring ring;
            try {
                ring = Ring.create(4, arena);
            } catch (ErrnoException e) {
                String name = Errno.name(e.errno());
                return Optional.of(switch (e.errno()) {
                    case Errno.EPERM -> "io_uring_setup failed with EPERM: io_uring disabled by seccomp or "
                            + "kernel.io_uring_disabled";
                    case Errno.ENOSYS -> "io_uring_setup failed with ENOSYS: kernel too old or built without "
                            + "io_uring (Linux 5.6+ needed)";
                    default -> "io_uring_setup failed with " + name + ": " + e.getMessage();
                });
            }
            try {
                Optional<String> missing = missingOperations(ring);
                if (missing.isPresent()) {
                    return missing;
                }
                return probeDirectIo(ring, directory, arena);
            } finally {
                try {
                    ring.close();
                } catch (IOException ignored) {
                    // The probe's verdict stands; nothing is left open that close could not release.
                }
            }
        }
    }

    private static Optional<String> missingOperations(Ring ring) {
        try {
            List<Byte> missing = ring.unsupportedOpcodes(UringDescriptor.IORING_OP_READ,
                    UringDescriptor.IORING_OP_WRITE, UringDescriptor.IORING_OP_READ_FIXED,
                    UringDescriptor.IORING_OP_WRITE_FIXED, UringDescriptor.IORING_OP_FSYNC);
            if (!missing.isEmpty()) {
                return Optional.of("kernel too old: io_uring lacks opcodes " + missing + " (Linux 5.6+ needed)");
            }
            return Optional.empty();
        } catch (ErrnoException e) {
            return Optional.of("kernel too old: IORING_REGISTER_PROBE failed with " + Errno.name(e.errno())
                    + " (Linux 5.6+ needed)");
        }
    }

    private static Optional<String> probeDirectIo(Ring ring, Path directory, Arena arena) {
        Path probeFile = directory.toAbsolutePath().resolve(".tandem-uring-probe-" + ProcessHandle.current().pid()
                + "-" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
        long result = LibC.open(probeFile.toString(), CREATE_FLAGS, MODE_0644);
        if (result < 0) {
            int errno = (int) -result;
            if (errno == Errno.EINVAL) {
                return Optional.of("file system of " + directory + " does not support O_DIRECT");
            }
            return Optional.of("cannot create an O_DIRECT probe file in " + directory + ": open failed with "
                    + Errno.describe(errno));
        }
        int fd = (int) result;
        try {
            MemorySegment written = arena.allocate(BLOCK, BLOCK);
            MemorySegment readBack = arena.allocate(BLOCK, BLOCK);
            for (int i = 0; i < BLOCK; i++) {
                written.set(JAVA_BYTE, i, (byte) (i * 31 + 7));
            }
            List<Op> ops = new ArrayList<>(2);
            Op write = Op.write(fd, 0, written.address(), BLOCK, -1, true);
            Op read = write.link(Op.read(fd, 0, readBack.address(), BLOCK, -1));
            ops.add(write);
            ops.add(read);
            ring.run(ops);
            for (Op op : ops) {
                if (op.failed()) {
                    return Optional.of("O_DIRECT " + op.name + " through io_uring in " + directory
                            + " failed with " + Errno.describe(op.errno));
                }
            }
            if (written.mismatch(readBack) >= 0) {
                return Optional.of("O_DIRECT read-back through io_uring in " + directory
                        + " returned different bytes");
            }
            return Optional.empty();
        } catch (ErrnoException e) {
            return Optional.of("io_uring_enter failed in the probe: " + e.getMessage());
        } finally {
            LibC.close(fd);
            try {
                Files.deleteIfExists(probeFile);
            } catch (IOException ignored) {
                // A leftover probe file is harmless: its name starts with a dot and it is a few KiB.
            }
        }
    }

    private static void check(long result, String operation, Path file) throws ErrnoException {
        if (result < 0) {
            throw new ErrnoException(operation + " of " + file + " failed with " + Errno.describe((int) -result),
                    (int) -result);
        }
    }
}
