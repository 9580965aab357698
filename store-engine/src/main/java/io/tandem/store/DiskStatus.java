package io.tandem.store;

import java.nio.file.Path;
import java.util.Locale;

/**
 * The disk as the store last saw it, and whether it refuses appends because of it.
 *
 * @param directory       the store's directory
 * @param usage           the file system holding it, at the last check ({@link StoreConfig#diskCheckInterval()})
 * @param highWaterMark   {@link StoreConfig#diskUsageHighWaterMark()}
 * @param refusingNew     true while appends of new messages are refused ({@link AppendStatus#DISK_FULL})
 * @param outOfSpace      true while a write failed for want of space and has not succeeded again since: then every
 *                        append is refused, completions too
 */
public record DiskStatus(Path directory, DiskUsage usage, double highWaterMark, boolean refusingNew,
                         boolean outOfSpace) {

    /**
     * One sentence naming the disk and why appends are refused (or that they are not), for operators and for the
     * error a refused producer sees.
     */
    public String describe() {
        if (usage.totalBytes() <= 0) {
            String state = "the disk holding " + directory + " (" + usage.fileSystem() + ") reports no size";
            return outOfSpace ? state + "; a write failed with no space left on the device, so the store accepts no "
                    + "new messages until space is freed" : state;
        }
        String state = String.format(Locale.ROOT, "the disk holding %s (%s) is %.1f%% full, %s of %s free",
                directory, usage.fileSystem(), usage.usedRatio() * 100, bytes(usage.usableBytes()),
                bytes(usage.totalBytes()));
        if (outOfSpace) {
            return state + "; a write failed with no space left on the device, so the store accepts no new "
                    + "messages until space is freed";
        }
        if (refusingNew) {
            return state + String.format(Locale.ROOT, ", past the high-water mark of %.0f%%, so the store accepts "
                    + "no new messages until space is freed", highWaterMark * 100);
        }
        return state + String.format(Locale.ROOT, "; new messages are refused past %.0f%%", highWaterMark * 100);
    }

    private static String bytes(long bytes) {
        if (bytes < 1024 * 1024) {
            return (bytes / 1024) + " KiB";
        }
        if (bytes < 1024L * 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024));
        }
        return String.format(Locale.ROOT, "%.1f GiB", bytes / (1024.0 * 1024 * 1024));
    }
}
