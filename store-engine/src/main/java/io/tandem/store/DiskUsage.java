package io.tandem.store;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How full a file system is.
 *
 * @param fileSystem  the file system, as the operating system names it (mount point and device)
 * @param totalBytes  its size
 * @param usableBytes bytes this process may still write (what the kernel reports as available to it)
 */
public record DiskUsage(String fileSystem, long totalBytes, long usableBytes) {

    /** Measures the file system holding a directory; {@link #of(Path)} is the one the store uses by default. */
    @FunctionalInterface
    public interface Probe {
        DiskUsage measure(Path directory) throws IOException;
    }

    /** The usage of the file system holding {@code directory}. */
    public static DiskUsage of(Path directory) throws IOException {
        FileStore store = Files.getFileStore(directory);
        return new DiskUsage(store.toString(), store.getTotalSpace(), store.getUsableSpace());
    }

    public long usedBytes() {
        return Math.max(0, totalBytes - usableBytes);
    }

    /** Used bytes as a share of the size, 0 to 1 (1 for a file system that reports no size). */
    public double usedRatio() {
        return totalBytes <= 0 ? 1.0 : (double) usedBytes() / totalBytes;
    }
}
