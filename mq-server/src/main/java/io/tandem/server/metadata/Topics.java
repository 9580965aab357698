package io.tandem.server.metadata;

import io.tandem.protocol.route.Permission;

import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
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
    private final List<Runnable> changeListeners = new CopyOnWriteArrayList<>();

    public Topics(Path metadataDirectory) {
        this.file = new JsonFile<>(metadataDirectory.resolve("topics.json"), Snapshot.class);
        file.read().ifPresent(snapshot -> snapshot.topics().forEach(topic -> topics.put(topic.name(), topic)));
    }

    /**
     * Runs {@code listener} after every change of the topic table (a topic created, updated or deleted), on the
     * thread that made it and after the change is durable; it must be quick and must not block.
     */
    public void addChangeListener(Runnable listener) {
        changeListeners.add(listener);
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
        boolean changed;
        synchronized (writeLock) {
            TopicConfig previous = topics.put(topic.name(), topic);
            changed = !topic.equals(previous);
            if (changed) {
                persist();
            }
        }
        if (changed) {
            changed();
        }
    }

    /** The topic, created with {@code factory} (and persisted) if it does not exist. */
    public TopicConfig getOrCreate(String name, Function<String, TopicConfig> factory) {
        TopicConfig existing = topics.get(name);
        if (existing != null) {
            return existing;
        }
        TopicConfig created;
        synchronized (writeLock) {
            existing = topics.get(name);
            if (existing != null) {
                return existing;
            }
            created = factory.apply(name);
            topics.put(name, created);
            persist();
        }
        changed();
        return created;
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
        boolean removed;
        synchronized (writeLock) {
            removed = topics.remove(name) != null;
            if (removed) {
                persist();
            }
        }
        if (removed) {
            changed();
        }
        return removed;
    }

    private void changed() {
        changeListeners.forEach(Runnable::run);
    }

    private void persist() {
        file.write(new Snapshot(topics.values().stream()
                .sorted(java.util.Comparator.comparing(TopicConfig::name)).toList()));
    }

    /** Perm of the auto-create template. */
    public static final int TEMPLATE_PERM = Permission.INHERIT | Permission.READ | Permission.WRITE;
}
