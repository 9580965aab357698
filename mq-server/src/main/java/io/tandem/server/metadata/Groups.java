package io.tandem.server.metadata;

import java.nio.file.Path;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * The broker's consumer groups, kept in {@code groups.json} of the metadata directory and reloaded at start. Every
 * change is written durably before the method returns. Thread-safe; reads are lock-free.
 */
public final class Groups {

    record Snapshot(List<GroupConfig> groups) {
    }

    private final JsonFile<Snapshot> file;
    private final Map<String, GroupConfig> groups = new ConcurrentHashMap<>();
    private final Object writeLock = new Object();
    private final List<Runnable> changeListeners = new CopyOnWriteArrayList<>();

    public Groups(Path metadataDirectory) {
        this.file = new JsonFile<>(metadataDirectory.resolve("groups.json"), Snapshot.class);
        file.read().ifPresent(snapshot -> snapshot.groups().forEach(group -> groups.put(group.name(), group)));
    }

    /**
     * Runs {@code listener} each time a subscription group is created, updated or deleted, once the change is durable
     * and visible, on the thread that made it; it must be quick and must not block.
     */
    public void addChangeListener(Runnable listener) {
        changeListeners.add(listener);
    }

    public GroupConfig get(String name) {
        return groups.get(name);
    }

    public Collection<GroupConfig> all() {
        return List.copyOf(groups.values());
    }

    public void put(GroupConfig group) {
        synchronized (writeLock) {
            GroupConfig previous = groups.put(group.name(), group);
            if (!group.equals(previous)) {
                persist();
            }
        }
    }

    public GroupConfig getOrCreate(String name, Function<String, GroupConfig> factory) {
        GroupConfig existing = groups.get(name);
        if (existing != null) {
            return existing;
        }
        synchronized (writeLock) {
            existing = groups.get(name);
            if (existing != null) {
                return existing;
            }
            GroupConfig created = factory.apply(name);
            groups.put(name, created);
            persist();
            return created;
        }
    }

    public boolean delete(String name) {
        synchronized (writeLock) {
            boolean removed = groups.remove(name) != null;
            if (removed) {
                persist();
            }
            return removed;
        }
    }

    /** Writes the table, then tells the listeners (a group was created, updated or deleted). */
    private void persist() {
        file.write(new Snapshot(groups.values().stream().sorted(Comparator.comparing(GroupConfig::name)).toList()));
        changeListeners.forEach(Runnable::run);
    }
}
