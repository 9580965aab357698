package io.tandem.server.replication;

import io.tandem.server.metadata.JsonFile;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The epochs under which this member's commit log was written: for each leadership epoch, the log position at which
 * its first record was (or will be) written. A member that becomes leader at epoch {@code E} appends
 * {@code (E, its log end)}; a replica copies its leader's entries as it copies the log. When a member returns as a
 * replica, it asks the leader for {@link #endOffsetOf} its own last epoch and truncates its log (and this history,
 * {@link #truncateTo}) back to where the two diverged, as Kafka's leader-epoch checkpoint does.
 *
 * <p>Entries are kept in increasing order of epoch, with start offsets that never decrease (two epochs may start at
 * the same position when the earlier one wrote nothing). The file ({@value #FILE_NAME} in the broker's data
 * directory) is rewritten atomically and durably on every change (temporary file, fsync, rename, fsync of the
 * directory), so a crash leaves the old or the new history, never a mix.
 *
 * <p>Thread-safe: every method synchronizes on the history. Failure modes: {@link #open} fails naming the file if it
 * does not parse or breaks the order above; a change that cannot be written throws
 * {@link java.io.UncheckedIOException} and leaves both the file and the history in memory as they were.
 */
public final class EpochHistory {

    /** The file's name in the broker's data directory. */
    public static final String FILE_NAME = "epoch-history.json";
    /** What {@link #lastEpoch()} returns while the history is empty. */
    public static final long NO_EPOCH = -1;

    /** One epoch and the log position where it starts. */
    public record Entry(long epoch, long startOffset) {
    }

    /** The file's content. */
    record Snapshot(List<Entry> entries) {
    }

    private final JsonFile<Snapshot> file;
    private final List<Entry> entries;

    private EpochHistory(JsonFile<Snapshot> file, List<Entry> entries) {
        this.file = file;
        this.entries = entries;
    }

    /**
     * Loads the history from {@value #FILE_NAME} in {@code dataDirectory}; empty if the file does not exist yet (it
     * is created by the first {@link #append}).
     *
     * @throws IllegalStateException         naming the file if it is damaged: not JSON, cut short, or entries out of
     *                                       order
     * @throws java.io.UncheckedIOException if the file cannot be read
     */
    public static EpochHistory open(Path dataDirectory) {
        Path path = dataDirectory.resolve(FILE_NAME);
        JsonFile<Snapshot> file = new JsonFile<>(path, Snapshot.class);
        Optional<Snapshot> snapshot;
        try {
            snapshot = file.read();
        } catch (IllegalStateException e) {
            throw damaged(path, e.getCause() != null ? e.getCause().getMessage() : e.getMessage(), e);
        }
        List<Entry> entries = new ArrayList<>();
        if (snapshot.isPresent()) {
            if (snapshot.get().entries() == null) {
                throw damaged(path, "it has no \"entries\" list", null);
            }
            for (Entry entry : snapshot.get().entries()) {
                String problem = entry == null ? "an entry is null" : problemAppending(entries, entry.epoch(), entry.startOffset());
                if (problem != null) {
                    throw damaged(path, "entry " + (entries.size() + 1) + ": " + problem, null);
                }
                entries.add(entry);
            }
        }
        return new EpochHistory(file, entries);
    }

    private static IllegalStateException damaged(Path path, String problem, Throwable cause) {
        return new IllegalStateException("epoch history file " + path + " is damaged (" + problem + "): this member "
                + "cannot tell where its log diverged from its leader's; restore the file from a backup, or empty the "
                + "member's data directory so that it copies the log from its leader again", cause);
    }

    /** The file the history lives in. */
    public Path path() {
        return file.path();
    }

    /**
     * Records that epoch {@code epoch} starts at log position {@code startOffset}, durably before returning.
     *
     * @throws IllegalArgumentException      if {@code epoch} is not above the last epoch, or {@code startOffset} is
     *                                       negative or below the last entry's start; the history is unchanged
     * @throws java.io.UncheckedIOException if the file cannot be written; the history is unchanged
     */
    public synchronized void append(long epoch, long startOffset) {
        String problem = problemAppending(entries, epoch, startOffset);
        if (problem != null) {
            throw new IllegalArgumentException("cannot add epoch " + epoch + " at " + startOffset + " to " + path()
                    + ": " + problem);
        }
        List<Entry> updated = new ArrayList<>(entries);
        updated.add(new Entry(epoch, startOffset));
        replace(updated);
    }

    private static String problemAppending(List<Entry> entries, long epoch, long startOffset) {
        if (epoch < 0) {
            return "epochs are not negative, was " + epoch;
        }
        if (startOffset < 0) {
            return "start offsets are not negative, was " + startOffset;
        }
        if (entries.isEmpty()) {
            return null;
        }
        Entry last = entries.getLast();
        if (epoch <= last.epoch()) {
            return "epoch " + epoch + " is not above the last epoch " + last.epoch();
        }
        if (startOffset < last.startOffset()) {
            return "start offset " + startOffset + " is below the start " + last.startOffset() + " of epoch " + last.epoch();
        }
        return null;
    }

    /** The highest epoch in the history, or {@link #NO_EPOCH} if it is empty. */
    public synchronized long lastEpoch() {
        return entries.isEmpty() ? NO_EPOCH : entries.getLast().epoch();
    }

    /** The entry of the highest epoch, if any. */
    public synchronized Optional<Entry> last() {
        return entries.isEmpty() ? Optional.empty() : Optional.of(entries.getLast());
    }

    /** The entries, oldest first. */
    public synchronized List<Entry> entries() {
        return List.copyOf(entries);
    }

    /**
     * The highest epoch in the history that is at most {@code epoch}, or {@link #NO_EPOCH} if there is none: the
     * epoch under which a leader's log and a replica asking about {@code epoch} last agree.
     */
    public synchronized long floorEpoch(long epoch) {
        long floor = NO_EPOCH;
        for (Entry entry : entries) {
            if (entry.epoch() > epoch) {
                break;
            }
            floor = entry.epoch();
        }
        return floor;
    }

    /**
     * Where the records of epoch {@code epoch} (and of every earlier one) end in this log: the start offset of the
     * first epoch above {@code epoch} in the history. If no epoch above it is in the history, {@code epoch} is the
     * current one (or later) and its records run to the log's end, which this history does not know:
     * {@link Long#MAX_VALUE} is returned, and the caller takes the smaller of that and its log end. An epoch below
     * every entry ends where the first entry starts.
     *
     * <p>A replica whose last epoch is {@code R} keeps its log up to
     * {@code min(leader.endOffsetOf(R), its own log end)} and truncates the rest.
     */
    public synchronized long endOffsetOf(long epoch) {
        for (Entry entry : entries) {
            if (entry.epoch() > epoch) {
                return entry.startOffset();
            }
        }
        return Long.MAX_VALUE;
    }

    /**
     * Forgets the epochs that start at or beyond {@code position}, durably, after the log was truncated there: they
     * have no records left. Nothing is written if nothing changes.
     *
     * @throws java.io.UncheckedIOException if the file cannot be written; the history is unchanged
     */
    public synchronized void truncateTo(long position) {
        int keep = entries.size();
        while (keep > 0 && entries.get(keep - 1).startOffset() >= position) {
            keep--;
        }
        if (keep < entries.size()) {
            replace(new ArrayList<>(entries.subList(0, keep)));
        }
    }

    private void replace(List<Entry> updated) {
        file.write(new Snapshot(List.copyOf(updated)));
        entries.clear();
        entries.addAll(updated);
    }

    @Override
    public synchronized String toString() {
        return "EpochHistory" + entries;
    }
}
