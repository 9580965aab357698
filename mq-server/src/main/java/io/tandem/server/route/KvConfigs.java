package io.tandem.server.route;

import io.tandem.server.metadata.JsonFile;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The name server's key/value configuration: values by namespace and key (RocketMQ keeps per-topic order
 * configuration under {@code ORDER_TOPIC_CONFIG}, operators anything they like). Kept in {@code kvconfig.json} of the
 * metadata directory; every change is written durably before the method returns. Thread-safe.
 */
public final class KvConfigs {

    /** What {@code kvconfig.json} holds: namespace to key to value. */
    record Snapshot(Map<String, Map<String, String>> configTable) {
    }

    private final JsonFile<Snapshot> file;
    private final Map<String, Map<String, String>> table = new TreeMap<>();

    public KvConfigs(Path metadataDirectory) {
        this.file = new JsonFile<>(metadataDirectory.resolve("kvconfig.json"), Snapshot.class);
        file.read().ifPresent(snapshot -> snapshot.configTable().forEach(
                (namespace, values) -> table.put(namespace, new TreeMap<>(values))));
    }

    /** Stores {@code value} under {@code namespace}/{@code key}, replacing any earlier value. */
    public synchronized void put(String namespace, String key, String value) {
        String previous = table.computeIfAbsent(namespace, n -> new TreeMap<>()).put(key, value);
        if (!value.equals(previous)) {
            persist();
        }
    }

    public synchronized Optional<String> get(String namespace, String key) {
        Map<String, String> values = table.get(namespace);
        return Optional.ofNullable(values == null ? null : values.get(key));
    }

    /** Every value of {@code namespace} (a copy), empty if the namespace has none. */
    public synchronized Map<String, String> namespace(String namespace) {
        Map<String, String> values = table.get(namespace);
        return values == null ? Map.of() : Map.copyOf(values);
    }

    /** Removes {@code namespace}/{@code key}; removing a value that is not there does nothing. */
    public synchronized void delete(String namespace, String key) {
        Map<String, String> values = table.get(namespace);
        if (values == null || values.remove(key) == null) {
            return;
        }
        if (values.isEmpty()) {
            table.remove(namespace);
        }
        persist();
    }

    private void persist() {
        Map<String, Map<String, String>> copy = new TreeMap<>();
        table.forEach((namespace, values) -> copy.put(namespace, new TreeMap<>(values)));
        file.write(new Snapshot(copy));
    }
}
