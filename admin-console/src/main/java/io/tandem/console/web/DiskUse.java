package io.tandem.console.web;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Disk use of the directory named by {@code tandem.console.disk-path} (the embedded broker's data directory): the
 * file system's size and free space, and what the directory's files take.
 *
 * @param path       the directory
 * @param totalBytes the file system's size
 * @param usedBytes  what is used on it
 * @param dataBytes  what the directory's files take (allocated length; sparse segment files count whole)
 */
record DiskUse(Path path, long totalBytes, long usedBytes, long dataBytes) {

    private static final int MAX_FILES = 100_000;

    /** Reads the numbers now, or returns null when the directory cannot be read. */
    static DiskUse of(Path path) {
        if (path == null || !Files.isDirectory(path)) {
            return null;
        }
        try {
            FileStore store = Files.getFileStore(path);
            long total = store.getTotalSpace();
            long used = total - store.getUnallocatedSpace();
            long data;
            try (Stream<Path> files = Files.walk(path)) {
                data = files.limit(MAX_FILES).filter(Files::isRegularFile).mapToLong(DiskUse::size).sum();
            }
            return new DiskUse(path.toAbsolutePath().normalize(), total, used, data);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }
}
