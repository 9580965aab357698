package io.tandem.server.metadata;

import io.tandem.protocol.route.Permission;

import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The broker's topics, kept in {@code topics.json} of the metadata directory and reloaded at start. Every change
 * is written durably before the method returns. Thread-safe; reads are lock-free.
 */
public final class Topics {

    /** What {@code topics.json} holds. */
    record Snapshot(List<TopicConfig> topics) {
    }

    private final JsonFile<Snapshot> file;
    private final Map<String, TopicConfig> topics = new ConcurrentHashMap<>();
    private final Object writeLock = new Object();

    public Topics(Path metadataDirectory) {
        this.file = new JsonFile<>(metadataDirectory.resolve("topics.json"), Snapshot.class);
        file.read().ifPresent(snapshot -> snapshot.topics().forEach(topic -> topics.put(topic.name(), topic)));
    }

    public TopicConfig get(String name) {
        return topics.get(name);
    }

    public boolean contains(String name) {
        return topics.containsKey(name);
    }

    public Collection<TopicConfig> all() {
        return List.copyOf(topics.values());
    }

    /** Creates or replaces a topic. */
    public void put(TopicConfig topic) {
        synchronized (writeLock) {
            TopicConfig previous = topics.put(topic.name(), topic);
            if (!topic.equals(previous)) {
                persist();
            }
        }
    }

    /** The topic, created with {@code factory} (and persisted) if it does not exist. */
    public TopicConfig getOrCreate(String name, Function<String, TopicConfig> factory) {
        TopicConfig existing = topics.get(name);
        if (existing != null) {
            return existing;
        }
        synchronized (writeLock) {
            existing = topics.get(name);
            if (existing != null) {
                return existing;
            }
            TopicConfig created = factory.apply(name);
            topics.put(name, created);
            persist();
            return created;
        }
    }

    /** Ensures a topic the broker itself needs exists with at least {@code queueNums} queues (not persisted twice). */
    public TopicConfig ensureSystemTopic(String name, int queueNums, int perm) {
        TopicConfig existing = topics.get(name);
        if (existing != null && existing.queueNums() >= queueNums && existing.perm() == perm) {
            return existing;
        }
        TopicConfig topic = new TopicConfig(name, queueNums, queueNums, perm, false);
        put(topic);
        return topic;
    }

    /** Removes a topic's metadata; its messages age out with the store's retention. */
    public boolean delete(String name) {
        synchronized (writeLock) {
            boolean removed = topics.remove(name) != null;
            if (removed) {
                persist();
            }
            return removed;
        }
    }

    private void persist() {
        file.write(new Snapshot(topics.values().stream()
                .sorted(java.util.Comparator.comparing(TopicConfig::name)).toList()));
    }

    /** Perm of the auto-create template. */
    public static final int TEMPLATE_PERM = Permission.INHERIT | Permission.READ | Permission.WRITE;
}
