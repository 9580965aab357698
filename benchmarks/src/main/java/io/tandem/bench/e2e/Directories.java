package io.tandem.bench.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Scratch directories of the comparison. */
final class Directories {

    /** Where brokers keep their data unless told otherwise: {@code -Dtandem.bench.dir}, else java.io.tmpdir. */
    static Path defaultWorkRoot() {
        return Path.of(System.getProperty("tandem.bench.dir", System.getProperty("java.io.tmpdir")), "tandem-e2e");
    }

    private Directories() {
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
