package io.tandem.store.io;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Durability helpers shared by the engines and the store's metadata files. */
public final class Fsync {

    private Fsync() {
    }

    /** Makes the directory's entries (created, renamed or deleted files) durable. */
    public static void directory(Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
