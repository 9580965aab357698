package io.tandem.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Scratch directories for benchmark and demo stores. */
final class BenchFiles {

    /** Where scratch stores go: {@code -Dtandem.bench.dir=...}, else {@code java.io.tmpdir}. */
    static final String BASE_DIRECTORY_PROPERTY = "tandem.bench.dir";

    private BenchFiles() {
    }

    /** A new empty directory for one store, under the base directory. */
    static Path newScratchDirectory(String prefix) throws IOException {
        Path base = Path.of(System.getProperty(BASE_DIRECTORY_PROPERTY, System.getProperty("java.io.tmpdir")));
        Files.createDirectories(base);
        return Files.createTempDirectory(base, prefix);
    }

    /** Deletes {@code directory} and everything below it; a missing directory is fine. */
    static void deleteRecursively(Path directory) throws IOException {
        if (directory == null || !Files.exists(directory)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(directory)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
