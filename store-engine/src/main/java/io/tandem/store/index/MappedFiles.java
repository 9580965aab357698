package io.tandem.store.index;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Memory-mapped files for the derived data (consume queues, key index). */
final class MappedFiles {

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

    static String name(long number) {
        return String.format("%020d", number);
    }
}
