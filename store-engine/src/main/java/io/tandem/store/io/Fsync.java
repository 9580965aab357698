package io.tandem.store.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Durability helpers shared by the engines and the store's metadata files. */
public final class Fsync {

    private Fsync() {
    }

    /**
     * Opens {@code file} read-write, creating it if needed and extending it sparsely to {@code capacity} bytes;
     * a newly created file and its directory entry are made durable before this returns. If that fails, a file
     * this call created is deleted again.
     */
    public static FileChannel openSized(Path file, long capacity) throws IOException {
        boolean created = !Files.exists(file);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            if (channel.size() < capacity) {
                // Sparse extension: the unwritten part reads as zeros and costs no disk space.
                channel.write(ByteBuffer.allocate(1), capacity - 1);
            }
            if (created) {
                channel.force(true);
                directory(file.toAbsolutePath().getParent());
            }
            return channel;
        } catch (IOException | RuntimeException e) {
            channel.close();
            if (created) {
                // A file left behind (say a full disk failed the extension) would look "not created" to the next
                // attempt, which would then skip the syncs that make its directory entry durable.
                Files.deleteIfExists(file);
            }
            throw e;
        }
    }

    /** Makes the directory's entries (created, renamed or deleted files) durable. */
    public static void directory(Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
