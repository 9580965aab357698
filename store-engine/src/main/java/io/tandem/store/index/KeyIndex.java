package io.tandem.store.index;

import io.tandem.store.StoreCorruptedException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.stream.Stream;

/**
 * Message keys → commit log positions, in a series of hash index files named by the position of the first
 * record they index. A key is indexed as {@code topic#key}; lookups verify candidates against the record, so a
 * hash collision never returns a wrong message.
 */
final class KeyIndex {

    private final Path directory;
    private final int slotCount;
    private final int entryCapacity;
    private final ConcurrentSkipListMap<Long, IndexFile> files = new ConcurrentSkipListMap<>();

    private KeyIndex(Path directory, int slotCount, int entryCapacity) {
        this.directory = directory;
        this.slotCount = slotCount;
        this.entryCapacity = entryCapacity;
    }

    /** Opens and verifies every index file in {@code directory}. */
    static KeyIndex open(Path directory, int slotCount, int entryCapacity) throws IOException {
        Files.createDirectories(directory);
        KeyIndex index = new KeyIndex(directory, slotCount, entryCapacity);
        List<Path> paths;
        try (Stream<Path> list = Files.list(directory)) {
            paths = list.filter(p -> p.getFileName().toString().matches("\\d{20}")).sorted().toList();
        }
        for (Path path : paths) {
            IndexFile file = IndexFile.open(path);
            if (file.entryCount() == 0) {
                Files.delete(path);
                continue;
            }
            if (file.firstPosition() != Long.parseLong(path.getFileName().toString())) {
                throw new StoreCorruptedException(path, 0, "index file name does not match its first position "
                        + file.firstPosition());
            }
            index.files.put(file.firstPosition(), file);
        }
        return index;
    }

    /** Position of the newest record indexed, -1 if none. */
    long lastIndexedPosition() {
        return files.isEmpty() ? -1 : files.lastEntry().getValue().lastPosition();
    }

    /** Dispatcher only: indexes {@code keyHash} for the record at {@code position}. */
    void put(long keyHash, long position, long storeTimestamp) throws IOException {
        if (files.isEmpty()) {
            startNewFile(position);
        }
        files.lastEntry().getValue().put(keyHash, position, storeTimestamp);
    }

    /** Allocates the blocks for the next {@code keys} entries of the newest file (see {@link IndexFile#allocate}). */
    void allocate(int keys) throws IOException {
        if (files.isEmpty()) {
            throw new IllegalStateException("no index file to allocate entries in");
        }
        files.lastEntry().getValue().allocate(keys);
    }

    /** Most keys of one record that are indexed: a record's keys never span two files. */
    int maxKeysPerRecord() {
        return entryCapacity;
    }

    boolean isEmpty() {
        return files.isEmpty();
    }

    /** True if the newest index file has room for {@code keys} more entries of one record. */
    boolean hasRoomFor(int keys) {
        var last = files.lastEntry();
        return last == null || last.getValue().entryCount() + keys <= entryCapacity;
    }

    void startNewFile(long position) throws IOException {
        IndexFile file = IndexFile.create(directory.resolve(MappedFiles.name(position)), slotCount, entryCapacity);
        files.put(position, file);
    }

    /** Candidate positions for {@code keyHash}, newest first. */
    void find(long keyHash, long fromTimestamp, long toTimestamp, PositionSink sink) {
        boolean[] stopped = {false};
        for (IndexFile file : files.descendingMap().values()) {
            if (file.lastTimestamp() < fromTimestamp || file.firstTimestamp() > toTimestamp) {
                continue;
            }
            file.find(keyHash, fromTimestamp, toTimestamp, position -> {
                boolean more = sink.accept(position);
                stopped[0] = !more;
                return more;
            });
            if (stopped[0]) {
                return;
            }
        }
    }

    /** Recovery: forgets every entry for records at or after {@code logEnd}. */
    void truncateToLog(long logEnd) throws IOException {
        for (Long first : List.copyOf(files.tailMap(logEnd, true).keySet())) {
            files.remove(first);
            Files.deleteIfExists(directory.resolve(MappedFiles.name(first)));
        }
        var last = files.lastEntry();
        if (last != null && last.getValue().truncateFrom(logEnd) == 0) {
            files.remove(last.getKey());
            Files.deleteIfExists(directory.resolve(MappedFiles.name(last.getKey())));
        }
    }

    /** Retention: deletes files whose newest record is before {@code logMinPosition}. */
    void applyLogMin(long logMinPosition) throws IOException {
        while (files.size() > 1 && files.firstEntry().getValue().lastPosition() < logMinPosition) {
            Long first = files.firstKey();
            files.remove(first);
            Files.deleteIfExists(directory.resolve(MappedFiles.name(first)));
        }
    }

    void flush() {
        for (IndexFile file : files.values()) {
            file.flush();
        }
    }

    /** 64-bit hash of {@code topic#key}. */
    static long hash(String topic, String key) {
        return hash(topic.getBytes(StandardCharsets.UTF_8), key.getBytes(StandardCharsets.UTF_8));
    }

    static long hash(byte[] topic, byte[] key) {
        long h = 0xcbf29ce484222325L;
        for (byte b : topic) {
            h = (h ^ (b & 0xff)) * 0x100000001b3L;
        }
        h = (h ^ '#') * 0x100000001b3L;
        for (byte b : key) {
            h = (h ^ (b & 0xff)) * 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}
