package io.tandem.bench.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** The commit a comparison measured, from the git working tree the harness runs in. */
record Git(String commit, boolean dirty) {

    static Git describe() {
        String commit = run("git", "rev-parse", "--short", "HEAD").orElse("nogit");
        boolean dirty = run("git", "status", "--porcelain").map(status -> !status.isBlank()).orElse(false);
        return new Git(commit, dirty);
    }

    static Optional<Path> workingTree() {
        return run("git", "rev-parse", "--show-toplevel").map(Path::of);
    }

    private static Optional<String> run(String... command) {
        try {
            Process process = new ProcessBuilder(List.of(command)).redirectErrorStream(false).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0 || output.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(output);
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
