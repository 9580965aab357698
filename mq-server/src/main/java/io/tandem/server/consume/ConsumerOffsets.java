package io.tandem.server.consume;

import io.tandem.server.metadata.JsonFile;

import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Committed consumer offsets per (group, topic, queue): the next offset the group will consume. Kept in memory and
 * written durably to {@code offsets.json} by {@link #flush()} (periodically and at shutdown), so a crash loses at
 * most the commits since the last flush and the group re-reads those messages (at-least-once). Thread-safe.
 */
public final class ConsumerOffsets {

    record Snapshot(Map<String, Map<String, Map<Integer, Long>>> offsets) {
    }

    private final JsonFile<Snapshot> file;
    /** group → topic → queue → offset. */
    private final Map<String, Map<String, Map<Integer, Long>>> offsets = new ConcurrentHashMap<>();
    private volatile boolean dirty;

    public ConsumerOffsets(Path metadataDirectory) {
        this.file = new JsonFile<>(metadataDirectory.resolve("offsets.json"), Snapshot.class);
        file.read().ifPresent(snapshot -> snapshot.offsets().forEach((group, topics) -> topics.forEach(
                (topic, queues) -> queues.forEach((queue, offset) -> queueMap(group, topic).put(queue, offset)))));
    }

    public void commit(String group, String topic, int queueId, long offset) {
        Long previous = queueMap(group, topic).put(queueId, offset);
        if (previous == null || previous != offset) {
            dirty = true;
        }
    }

    public OptionalLong committed(String group, String topic, int queueId) {
        Map<String, Map<Integer, Long>> topics = offsets.get(group);
        Map<Integer, Long> queues = topics == null ? null : topics.get(topic);
        Long offset = queues == null ? null : queues.get(queueId);
        return offset == null ? OptionalLong.empty() : OptionalLong.of(offset);
    }

    /** topic → queue → offset of one group (a copy). */
    public Map<String, Map<Integer, Long>> ofGroup(String group) {
        Map<String, Map<Integer, Long>> topics = offsets.get(group);
        Map<String, Map<Integer, Long>> copy = new TreeMap<>();
        if (topics != null) {
            topics.forEach((topic, queues) -> copy.put(topic, new TreeMap<>(queues)));
        }
        return copy;
    }

    public java.util.Set<String> groups() {
        return java.util.Set.copyOf(offsets.keySet());
    }

    public void removeGroup(String group) {
        if (offsets.remove(group) != null) {
            dirty = true;
        }
    }

    /** Writes the offsets if anything changed since the last flush. */
    public synchronized void flush() {
        if (!dirty) {
            return;
        }
        dirty = false;
        Map<String, Map<String, Map<Integer, Long>>> copy = new TreeMap<>();
        offsets.forEach((group, topics) -> {
            Map<String, Map<Integer, Long>> topicCopy = new TreeMap<>();
            topics.forEach((topic, queues) -> topicCopy.put(topic, new TreeMap<>(queues)));
            copy.put(group, topicCopy);
        });
        try {
            file.write(new Snapshot(copy));
        } catch (RuntimeException e) {
            dirty = true;
            throw e;
        }
    }

    private Map<Integer, Long> queueMap(String group, String topic) {
        return offsets.computeIfAbsent(group, g -> new ConcurrentHashMap<>())
                .computeIfAbsent(topic, t -> new ConcurrentHashMap<>());
    }
}
