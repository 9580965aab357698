package io.tandem.store.index;

import io.tandem.store.StoreCorruptedException;
import io.tandem.store.log.RecordCodec;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import static io.tandem.store.RecordDescriptor.*;

/**
 * The store's derived data: a consume queue per (topic, queue id) and the key index, both fed by the
 * dispatcher from the commit log and rebuilt from it when behind, missing or damaged.
 *
 * <p>Thread-safety: {@link #dispatch} and the maintenance methods are called by one thread at a time; lookups
 * from any thread.
 */
public final class Indexes {


    private final Path queuesDirectory;
    private final int entriesPerFile;
    private final KeyIndex keyIndex;
    private final ConcurrentHashMap<String, ConsumeQueue[]> queues = new ConcurrentHashMap<>();

    private Indexes(Path queuesDirectory, int entriesPerFile, KeyIndex keyIndex) {
        this.queuesDirectory = queuesDirectory;
        this.entriesPerFile = entriesPerFile;
        this.keyIndex = keyIndex;
    }

    /**
     * Opens and verifies all derived files under {@code storeDirectory}.
     *
     * @throws StoreCorruptedException naming the first damaged file
     */
    public static Indexes open(Path storeDirectory, int entriesPerFile, int indexSlots, int indexEntries) throws IOException {
        Path queuesDirectory = storeDirectory.resolve("consumequeue");
        Files.createDirectories(queuesDirectory);
        Indexes indexes = new Indexes(queuesDirectory, entriesPerFile,
                KeyIndex.open(storeDirectory.resolve("index"), indexSlots, indexEntries));
        try (Stream<Path> topics = Files.list(queuesDirectory)) {
            for (Path topicDirectory : topics.sorted().toList()) {
                String topic = topicDirectory.getFileName().toString();
                try (Stream<Path> queueDirectories = Files.list(topicDirectory)) {
                    for (Path queueDirectory : queueDirectories.sorted().toList()) {
                        String name = queueDirectory.getFileName().toString();
                        if (!name.matches("\\d{1,9}")) {
                            throw new StoreCorruptedException(queueDirectory, 0, "unexpected entry in the consume queue directory");
                        }
                        int queueId = Integer.parseInt(name);
                        indexes.install(ConsumeQueue.open(topic, queueId, queueDirectory, entriesPerFile));
                    }
                }
            }
        }
        return indexes;
    }

    /** Deletes all derived data under {@code storeDirectory}, for a rebuild from the commit log. */
    public static void deleteAll(Path storeDirectory) throws IOException {
        for (String name : List.of("consumequeue", "index")) {
            Path directory = storeDirectory.resolve(name);
            if (Files.exists(directory)) {
                try (Stream<Path> walk = Files.walk(directory)) {
                    for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(path);
                    }
                }
            }
        }
    }

    /**
     * Dispatcher only: adds the consume queue entry and the key index entries of the verified record at
     * {@code position}. Replaying a record already dispatched is harmless.
     *
     * @return the consume queue the record went to
     */
    public ConsumeQueue dispatch(long position, MemorySegment record) throws IOException {
        int queueId = record.get(RecordCodec.INT, QUEUE_ID_OFFSET);
        long queueOffset = record.get(RecordCodec.LONG, QUEUE_OFFSET_OFFSET);
        long storeTimestamp = record.get(RecordCodec.LONG, STORE_TIMESTAMP_OFFSET);
        int topicLength = Short.toUnsignedInt(record.get(RecordCodec.SHORT, TOPIC_LENGTH_OFFSET));
        byte[] topicBytes = record.asSlice(HEADER_LENGTH, topicLength).toArray(ValueLayout.JAVA_BYTE);
        String topic = new String(topicBytes, java.nio.charset.StandardCharsets.UTF_8);
        ConsumeQueue queue = queueFor(topic, queueId);
        queue.put(queueOffset, position, record.get(RecordCodec.INT, LENGTH_OFFSET),
                record.get(RecordCodec.LONG, TAG_HASH_OFFSET), storeTimestamp);

        int keysLength = Short.toUnsignedInt(record.get(RecordCodec.SHORT, KEYS_LENGTH_OFFSET));
        if (keysLength == 0 || position <= keyIndex.lastIndexedPosition()) {
            return queue;
        }
        long keysOffset = HEADER_LENGTH + topicLength + Short.toUnsignedInt(record.get(RecordCodec.SHORT, BORN_HOST_LENGTH_OFFSET));
        List<byte[]> keys = new ArrayList<>(4);
        for (long offset = keysOffset; offset < keysOffset + keysLength && keys.size() < keyIndex.maxKeysPerRecord(); ) {
            int length = Short.toUnsignedInt(record.get(RecordCodec.SHORT, offset));
            keys.add(record.asSlice(offset + 2, length).toArray(ValueLayout.JAVA_BYTE));
            offset += 2 + length;
        }
        if (keyIndex.isEmpty() || !keyIndex.hasRoomFor(keys.size())) {
            keyIndex.startNewFile(position);
        }
        // All or none: a record whose keys were partly indexed counts as indexed when it is dispatched again.
        keyIndex.allocate(keys.size());
        for (byte[] key : keys) {
            keyIndex.put(KeyIndex.hash(topicBytes, key), position, storeTimestamp);
        }
        return queue;
    }

    private ConsumeQueue queueFor(String topic, int queueId) throws IOException {
        ConsumeQueue[] array = queues.get(topic);
        if (array != null && queueId < array.length && array[queueId] != null) {
            return array[queueId];
        }
        ConsumeQueue queue = ConsumeQueue.create(topic, queueId, queuesDirectory.resolve(topic).resolve(Integer.toString(queueId)), entriesPerFile);
        install(queue);
        return queue;
    }

    private void install(ConsumeQueue queue) {
        queues.compute(queue.topic(), (topic, array) -> {
            ConsumeQueue[] grown = array == null ? new ConsumeQueue[queue.queueId() + 1]
                    : Arrays.copyOf(array, Math.max(array.length, queue.queueId() + 1));
            grown[queue.queueId()] = queue;
            return grown;
        });
    }

    /** The consume queue of {@code topic}/{@code queueId}, or null if nothing was ever stored there. */
    public ConsumeQueue queue(String topic, int queueId) {
        ConsumeQueue[] array = queues.get(topic);
        return array == null || queueId < 0 || queueId >= array.length ? null : array[queueId];
    }

    public Set<String> topics() {
        return Set.copyOf(queues.keySet());
    }

    /** Queues of {@code topic} that exist, in queue id order. */
    public List<ConsumeQueue> queues(String topic) {
        ConsumeQueue[] array = queues.get(topic);
        if (array == null) {
            return List.of();
        }
        return Arrays.stream(array).filter(java.util.Objects::nonNull).toList();
    }

    /** Every queue, for recovery and retention. */
    public List<ConsumeQueue> allQueues() {
        List<ConsumeQueue> all = new ArrayList<>();
        for (Map.Entry<String, ConsumeQueue[]> entry : queues.entrySet()) {
            for (ConsumeQueue queue : entry.getValue()) {
                if (queue != null) {
                    all.add(queue);
                }
            }
        }
        return all;
    }

    /** Candidate positions of records with {@code key} in {@code topic}, newest first (verify against the record). */
    public void findByKey(String topic, String key, long fromTimestamp, long toTimestamp, PositionSink sink) {
        keyIndex.find(KeyIndex.hash(topic, key), fromTimestamp, toTimestamp, sink);
    }

    /** Recovery: forgets everything about records at or beyond {@code logEnd}. */
    public void truncateToLog(long logEnd) throws IOException {
        for (ConsumeQueue queue : allQueues()) {
            queue.truncateToLog(logEnd);
        }
        keyIndex.truncateToLog(logEnd);
    }

    /** Retention: records before {@code logMinPosition} are gone. */
    public void applyLogMin(long logMinPosition) throws IOException {
        for (ConsumeQueue queue : allQueues()) {
            queue.applyLogMin(logMinPosition);
        }
        keyIndex.applyLogMin(logMinPosition);
    }

    /** Makes every derived file durable. */
    public void flush() {
        for (ConsumeQueue queue : allQueues()) {
            queue.flush();
        }
        keyIndex.flush();
    }

}
