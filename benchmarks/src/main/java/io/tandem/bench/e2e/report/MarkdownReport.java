package io.tandem.bench.e2e.report;

import io.tandem.bench.e2e.RunResult;
import io.tandem.bench.e2e.measure.LatencySummary;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Renders a comparison as Markdown: the runs, the ratios Tandem/RocketMQ and Tandem/Kafka, and the delivery check. */
public final class MarkdownReport {

    private MarkdownReport() {
    }

    public static String render(ComparisonInfo info, List<RunResult> results) {
        StringBuilder md = new StringBuilder();
        md.append("# Tandem, Apache RocketMQ and Apache Kafka side by side\n\n");
        md.append("Commit `").append(info.commit()).append('`').append(info.dirty() ? " (with uncommitted changes)" : "")
                .append(", ").append(info.startedAt()).append(" – ").append(info.finishedAt()).append(" UTC.\n\n");
        if (info.note() != null && !info.note().isBlank()) {
            md.append("**").append(info.note().trim()).append("**\n\n");
        }
        md.append("- Machine: ").append(info.machine().summary()).append(".\n");
        if (info.targets().contains("rocketmq")) {
            md.append("- RocketMQ's name server and broker ran on ").append(info.rocketMqJava()).append(".\n");
        }
        md.append("- Command: `").append(info.command()).append("`\n");
        md.append("- Every run starts its broker in its own JVM(s) on loopback with a fresh data directory (1 GiB heap "
                + "per broker JVM), warms up, measures, stops sending, waits for the consumers, then stops the broker. "
                + "Runs of one workload follow each other, so each pair below was measured minutes apart.\n\n");

        appendRunTable(md, results);
        appendRatios(md, results);
        appendDeliveryCheck(md, results);
        appendBrokers(md, results);
        return md.toString();
    }

    private static void appendRunTable(StringBuilder md, List<RunResult> results) {
        md.append("## Throughput and latency\n\n");
        md.append("Publish latency: from the send call to the acknowledgement (a batch counts once). End-to-end: from "
                + "the send call to the consumer, one clock. msg/s and MB/s: acknowledged during the measurement.\n\n");
        md.append("| workload | target | msg/s | MB/s | publish p50 | p99 | p99.9 | max | e2e p50 | e2e p99 | e2e p99.9 "
                + "| lost | dup | send errors |\n");
        md.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (RunResult result : results) {
            md.append("| ").append(result.workload().id()).append(" | ").append(result.target()).append(" | ");
            if (result.failure() != null) {
                md.append("failed: ").append(escape(shorten(result.failure(), 160)))
                        .append(" | | | | | | | | | | | |\n");
                continue;
            }
            LatencySummary publish = result.publishLatency();
            LatencySummary endToEnd = result.endToEndLatency();
            md.append(Format.count(result.messagesPerSecond())).append(" | ")
                    .append(String.format(Locale.ROOT, "%.1f", result.megabytesPerSecond())).append(" | ")
                    .append(latency(publish, publish.p50Us())).append(" | ")
                    .append(latency(publish, publish.p99Us())).append(" | ")
                    .append(latency(publish, publish.p999Us())).append(" | ")
                    .append(latency(publish, publish.maxUs())).append(" | ")
                    .append(latency(endToEnd, endToEnd.p50Us())).append(" | ")
                    .append(latency(endToEnd, endToEnd.p99Us())).append(" | ")
                    .append(latency(endToEnd, endToEnd.p999Us())).append(" | ")
                    .append(flagged(result.delivery().lost())).append(" | ")
                    .append(flagged(result.delivery().duplicates())).append(" | ")
                    .append(Format.count(result.sendErrors())).append(" |\n");
        }
        md.append('\n');
    }

    private static void appendRatios(StringBuilder md, List<RunResult> results) {
        List<Ratio> ratios = Ratio.pairwise(results);
        if (ratios.isEmpty()) {
            return;
        }
        Set<String> others = new LinkedHashSet<>();
        ratios.forEach(ratio -> others.add(ratio.other()));
        md.append("## Ratios, pair by pair\n\n");
        md.append("Tandem's figure divided by the other broker's, same workload, same comparison. Throughput above "
                + "1× and latency below 1× favour Tandem.\n\n");
        md.append("| workload | Tandem target |");
        for (String kind : List.of("msg/s", "publish p99", "e2e p99")) {
            for (String other : others) {
                md.append(' ').append(kind).append(" ÷ ").append(displayName(other)).append(" |");
            }
        }
        md.append('\n').append("|---|---|").append("---:|".repeat(3 * others.size())).append('\n');
        Map<String, Map<String, Ratio>> byRow = new LinkedHashMap<>();
        for (Ratio ratio : ratios) {
            byRow.computeIfAbsent(ratio.workloadId() + " | " + ratio.tandem(), row -> new LinkedHashMap<>())
                    .put(ratio.other(), ratio);
        }
        byRow.forEach((row, byOther) -> {
            md.append("| ").append(row).append(" |");
            for (int kind = 0; kind < 3; kind++) {
                for (String other : others) {
                    Ratio ratio = byOther.get(other);
                    double value = ratio == null ? Double.NaN : switch (kind) {
                        case 0 -> ratio.throughput();
                        case 1 -> ratio.publishP99();
                        default -> ratio.endToEndP99();
                    };
                    md.append(' ').append(Format.ratio(value)).append(" |");
                }
            }
            md.append('\n');
        });
        md.append('\n');
    }

    private static void appendDeliveryCheck(StringBuilder md, List<RunResult> results) {
        md.append("## Delivery check\n\n");
        List<String> problems = new ArrayList<>();
        long acknowledged = 0;
        int completed = 0;
        for (RunResult result : results) {
            if (result.failure() != null) {
                problems.add(result.workload().id() + " on " + result.target() + " did not complete");
                continue;
            }
            completed++;
            acknowledged += result.delivery().acknowledged();
            if (!result.delivery().exactlyOnce()) {
                problems.add(String.format(Locale.ROOT, "%s on %s: %,d lost, %,d duplicated, %,d foreign",
                        result.workload().id(), result.target(), result.delivery().lost(),
                        result.delivery().duplicates(), result.delivery().foreign()));
            }
        }
        md.append(String.format(Locale.ROOT, "%d of %d runs completed; %,d acknowledged messages in all (warm-up "
                + "included). ", completed, results.size(), acknowledged));
        if (problems.isEmpty()) {
            md.append("Every acknowledged message was consumed exactly once.\n\n");
        } else {
            md.append("Not exactly once:\n\n");
            problems.forEach(problem -> md.append("- ").append(problem).append('\n'));
            md.append('\n');
        }
    }

    private static void appendBrokers(StringBuilder md, List<RunResult> results) {
        md.append("## Brokers\n\n");
        md.append("| target | software | settings | client | start s (mean) | stop s (mean) | clean stops |\n");
        md.append("|---|---|---|---|---:|---:|---:|\n");
        Map<String, List<RunResult>> byTarget = new LinkedHashMap<>();
        for (RunResult result : results) {
            if (result.broker() != null) {
                byTarget.computeIfAbsent(result.target(), target -> new ArrayList<>()).add(result);
            }
        }
        byTarget.forEach((target, runs) -> {
            Set<String> settings = new LinkedHashSet<>();
            runs.forEach(run -> settings.add(run.broker().settings()));
            String client = runs.stream().map(RunResult::client).filter(c -> c != null).findFirst().orElse("");
            double start = runs.stream().mapToDouble(run -> run.broker().startSeconds()).average().orElse(0);
            double stop = runs.stream().mapToDouble(run -> run.broker().stopSeconds()).average().orElse(0);
            long clean = runs.stream().filter(run -> run.broker().stoppedCleanly()).count();
            md.append("| ").append(target).append(" | ").append(runs.getFirst().broker().software()).append(" | ")
                    .append(escape(String.join("; ", settings))).append(" | ").append(client).append(" | ")
                    .append(String.format(Locale.ROOT, "%.1f | %.1f | %d of %d", start, stop, clean, runs.size()))
                    .append(" |\n");
        });
        md.append('\n');
    }

    private static String latency(LatencySummary summary, double micros) {
        return summary.count() == 0 ? "–" : Format.micros(micros);
    }

    private static String flagged(long count) {
        return count == 0 ? "0" : "**" + Format.count(count) + "**";
    }

    static String displayName(String target) {
        return switch (target) {
            case "rocketmq" -> "RocketMQ";
            case "kafka" -> "Kafka";
            default -> target;
        };
    }

    private static String shorten(String text, int max) {
        String line = text.replace('\n', ' ');
        return line.length() <= max ? line : line.substring(0, max - 1) + "…";
    }

    private static String escape(String text) {
        return text.replace("|", "\\|");
    }
}
