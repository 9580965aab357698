package io.tandem.bench.e2e.broker;

import io.tandem.bench.e2e.Durability;
import io.tandem.store.io.IoEngineKind;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How to start one broker.
 *
 * @param directory  a new, empty directory for the broker's configuration, data and logs
 * @param durability when sends are acknowledged
 * @param ioEngine   Tandem's commit-log I/O engine; ignored by the other brokers
 * @param java       java executable to run the broker with
 * @param locations  where the broker software is
 */
public record BrokerSettings(Path directory, Durability durability, IoEngineKind ioEngine, Path java,
                             Locations locations) {

    /** Heap of every broker JVM, so that none has more memory than another. */
    public static final String HEAP = "1g";

    public BrokerSettings {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(durability, "durability");
        Objects.requireNonNull(java, "java");
        Objects.requireNonNull(locations, "locations");
    }
}
