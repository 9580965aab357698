package io.tandem.store.index;

import io.tandem.store.io.FileSpace;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Memory-mapped files for the derived data (consume queues, key index). Their blocks are allocated
 * ({@link FileSpace}) before the store writes into them, so a full disk fails the dispatch with an
 * {@link IOException} instead of a memory fault in the mapping.
 */
final class MappedFiles {

    /** Bytes of a file allocated ahead of its writes at a time. */
    static final long ALLOCATION_CHUNK = 64 * 1024;

    private MappedFiles() {
    }

    /**
     * Maps {@code file} read-write, creating or extending it (sparse) to {@code length} bytes. The mapping is
     * released by the garbage collector, so readers racing with a deletion never touch unmapped memory.
     */
    static MemorySegment map(Path file, long length) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            if (channel.size() < length) {
                channel.truncate(length);
                channel.write(java.nio.ByteBuffer.allocate(1), length - 1);
            }
            return channel.map(FileChannel.MapMode.READ_WRITE, 0, length, Arena.ofAuto());
        }
    }

    /**
     * Allocates the blocks of {@code file} from {@code offset} up to at least {@code neededEnd}, and
     * {@link #ALLOCATION_CHUNK} bytes ahead when that is more (never past {@code length}).
     *
     * @return the end of the allocated range
     */
    static long allocateAhead(Path file, long offset, long neededEnd, long length) throws IOException {
        long end = Math.min(length, Math.max(neededEnd, offset + ALLOCATION_CHUNK));
        FileSpace.allocate(file, offset, end - offset);
        return end;
    }

    static String name(long number) {
        return String.format("%020d", number);
    }
}
