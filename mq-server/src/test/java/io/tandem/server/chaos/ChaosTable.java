package io.tandem.server.chaos;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The rounds' verdicts summed up per fault, as a Markdown table: rounds, lost, unexpected, duplicates, failover p50
 * and max (from the fault to the first acknowledgement of a send started after it), the longest time without an
 * acknowledgement (p50 and max) and the rounds without any failover time. Not thread-safe.
 */
final class ChaosTable {

    private final Map<String, List<QueueChecker.Verdict>> rows = new LinkedHashMap<>();

    void add(String fault, QueueChecker.Verdict verdict) {
        rows.computeIfAbsent(fault, ignored -> new ArrayList<>()).add(verdict);
    }

    boolean allValid() {
        return rows.values().stream().flatMap(List::stream).allMatch(QueueChecker.Verdict::valid);
    }

    String render(String heading) {
        StringBuilder table = new StringBuilder(heading).append("\n\n")
                .append("| fault | rounds | acknowledged | lost | unexpected | duplicates | failover p50 | failover max"
                        + " | no failover | longest gap p50 | longest gap max |\n")
                .append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        rows.forEach((fault, verdicts) -> {
            List<Duration> failovers = verdicts.stream().map(QueueChecker.Verdict::failover).flatMap(Optional::stream)
                    .sorted().toList();
            List<Duration> gaps = verdicts.stream().map(QueueChecker.Verdict::longestGap).sorted().toList();
            table.append("| ").append(fault)
                    .append(" | ").append(verdicts.size())
                    .append(" | ").append(verdicts.stream().mapToLong(QueueChecker.Verdict::acknowledged).sum())
                    .append(" | ").append(verdicts.stream().mapToLong(v -> v.lost().size()).sum())
                    .append(" | ").append(verdicts.stream().mapToLong(v -> v.unexpected().size()).sum())
                    .append(" | ").append(verdicts.stream().mapToLong(QueueChecker.Verdict::duplicates).sum())
                    .append(" | ").append(seconds(percentile(failovers, 50)))
                    .append(" | ").append(seconds(percentile(failovers, 100)))
                    .append(" | ").append(verdicts.size() - failovers.size())
                    .append(" | ").append(seconds(percentile(gaps, 50)))
                    .append(" | ").append(seconds(percentile(gaps, 100)))
                    .append(" |\n");
        });
        return table.toString();
    }

    void write(Path file, String heading) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, render(heading));
    }

    /** Nearest-rank percentile of sorted {@code values}; empty when there are none. */
    static Optional<Duration> percentile(List<Duration> values, int percent) {
        if (values.isEmpty()) {
            return Optional.empty();
        }
        int rank = (int) Math.ceil(percent / 100.0 * values.size());
        return Optional.of(values.get(Math.max(rank, 1) - 1));
    }

    private static String seconds(Optional<Duration> value) {
        return value.map(d -> String.format("%.2f s", d.toMillis() / 1000.0)).orElse("-");
    }
}
