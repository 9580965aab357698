package io.tandem.store.io;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * Memory-mapped files: writes and reads are copies into and out of a shared mapping, and {@link IoFile#force()}
 * is msync of the mapping. Kept as the third way to make appends durable, measured beside the page-cache and
 * io_uring engines; the page cache still holds the data.
 *
 * <p>Before a write reaches a part of the file not written through this engine yet, the blocks of the next
 * {@value #ALLOCATION_CHUNK} bytes are allocated ({@link FileSpace}): on a full disk the write then fails with an
 * {@link IOException} before copying anything, instead of a memory fault in the copy.
 */
public final class MappedIoEngine implements IoEngine {

    /** Bytes allocated ahead of the writes at a time. */
    static final long ALLOCATION_CHUNK = 1 << 20;

    @Override
    public String name() {
        return "mmap";
    }

    @Override
    public IoFile open(Path file, long capacity) throws IOException {
        try (FileChannel channel = Fsync.openSized(file, capacity)) {
            Arena arena = Arena.ofShared();
            try {
                return new MappedFile(file, arena, channel.map(FileChannel.MapMode.READ_WRITE, 0, capacity, arena), capacity);
            } catch (IOException | RuntimeException e) {
                arena.close();
                throw e;
            }
        }
    }

    @Override
    public void close() {
        // Nothing engine-wide to release.
    }

    private static final class MappedFile implements IoFile {

        private final Path path;
        private final Arena arena;
        private final MemorySegment mapping;
        private final long capacity;
        /** The blocks of [allocatedFrom, allocatedEnd) are allocated; only the writer thread uses these. */
        private long allocatedFrom;
        private long allocatedEnd;

        MappedFile(Path path, Arena arena, MemorySegment mapping, long capacity) {
            this.path = path;
            this.arena = arena;
            this.mapping = mapping;
            this.capacity = capacity;
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
            checkRange("write", fileOffset, source.byteSize());
            long end = fileOffset + source.byteSize();
            if (fileOffset < allocatedFrom || end > allocatedEnd) {
                long allocateTo = Math.min(capacity, Math.max(end, fileOffset + ALLOCATION_CHUNK));
                FileSpace.allocate(path, fileOffset, allocateTo - fileOffset);
                allocatedFrom = fileOffset;
                allocatedEnd = allocateTo;
            }
            MemorySegment.copy(source, 0, mapping, fileOffset, source.byteSize());
        }

        /** Nothing to do: the copy into the shared mapping is already in the kernel's page cache. */
        @Override
        public void handOff() {
        }

        @Override
        public void read(long fileOffset, MemorySegment destination) throws IOException {
            checkRange("read", fileOffset, destination.byteSize());
            MemorySegment.copy(mapping, fileOffset, destination, 0, destination.byteSize());
        }

        @Override
        public void force() throws IOException {
            try {
                mapping.force();
            } catch (java.io.UncheckedIOException e) {
                throw new IOException("msync of " + path + " failed", e.getCause());
            }
        }

        @Override
        public void truncate(long fileOffset) throws IOException {
            checkRange("truncate", fileOffset, 0);
            // Zero only what is not zero already, so holes of a sparse file stay unallocated.
            long chunk = 64 * 1024;
            MemorySegment zeros = Arena.ofAuto().allocate(chunk);
            for (long offset = fileOffset; offset < capacity; offset += chunk) {
                MemorySegment slice = mapping.asSlice(offset, Math.min(chunk, capacity - offset));
                if (slice.mismatch(zeros.asSlice(0, slice.byteSize())) >= 0) {
                    slice.fill((byte) 0);
                }
            }
            force();
        }

        @Override
        public void close() {
            arena.close();
        }

        private void checkRange(String operation, long fileOffset, long length) throws IOException {
            if (fileOffset < 0 || fileOffset + length > capacity) {
                throw new IOException(operation + " of " + length + " bytes at offset " + fileOffset
                        + " is outside " + path + " (capacity " + capacity + ")");
            }
        }
    }
}
