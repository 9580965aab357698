package io.tandem.store;

import io.tandem.store.io.IoEngine;
import io.tandem.store.io.MappedIoEngine;
import io.tandem.store.io.PageCacheIoEngine;
import io.tandem.store.io.uring.UringIoEngine;

import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The I/O engines every store test runs against. Use with
 * {@code @MethodSource("io.tandem.store.TestEngines#all")} on a parameterized test taking a {@link Named}.
 */
public final class TestEngines {

    private TestEngines() {
    }

    /** An engine factory with a readable name for test reports. */
    public record Named(String name, Supplier<IoEngine> factory) {
        @Override
        public String toString() {
            return name;
        }
    }

    public static Stream<Named> all() {
        return Stream.of(new Named("pagecache", PageCacheIoEngine::new), new Named("uring", UringIoEngine::new),
                new Named("mmap", MappedIoEngine::new));
    }

    /** Looks an engine up by name, for child processes that get it on their command line. */
    public static Named byName(String name) {
        return all().filter(n -> n.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown engine " + name));
    }
}
