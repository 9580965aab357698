package io.tandem.bench.e2e.report;

import io.tandem.bench.e2e.RunResult;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Tandem against one other broker on one workload, both measured in the same comparison. A throughput ratio above 1
 * means Tandem sent more; a latency ratio below 1 means Tandem was faster. A ratio that cannot be computed (a failed
 * run, a latency not measured) is NaN.
 *
 * @param workloadId  the workload, e.g. {@code sync-4t-sync}
 * @param tandem      the Tandem target, e.g. {@code tandem-uring}
 * @param other       the other target, {@code rocketmq} or {@code kafka}
 * @param throughput  Tandem's messages/s divided by the other's
 * @param publishP99  Tandem's p99 publish latency divided by the other's
 * @param endToEndP99 Tandem's p99 end-to-end latency divided by the other's
 */
public record Ratio(String workloadId, String tandem, String other, double throughput, double publishP99,
                    double endToEndP99) {

    /** The brokers Tandem is compared with, in report order. */
    public static final List<String> OTHERS = List.of("rocketmq", "kafka");

    /**
     * Every pair (Tandem target, other target) of the same workload among {@code results}, in the order the
     * workloads and Tandem targets first appear.
     */
    public static List<Ratio> pairwise(List<RunResult> results) {
        Map<String, Map<String, RunResult>> byWorkload = new LinkedHashMap<>();
        for (RunResult result : results) {
            byWorkload.computeIfAbsent(result.workload().id(), id -> new LinkedHashMap<>())
                    .put(result.target(), result);
        }
        List<Ratio> ratios = new ArrayList<>();
        byWorkload.forEach((workloadId, byTarget) -> byTarget.forEach((label, tandem) -> {
            if (!label.startsWith("tandem-")) {
                return;
            }
            for (String other : OTHERS) {
                RunResult reference = byTarget.get(other);
                if (reference != null) {
                    ratios.add(of(workloadId, tandem, reference));
                }
            }
        }));
        return ratios;
    }

    static Ratio of(String workloadId, RunResult tandem, RunResult other) {
        boolean bothRan = tandem.failure() == null && other.failure() == null;
        double throughput = bothRan ? divide(tandem.messagesPerSecond(), other.messagesPerSecond()) : Double.NaN;
        double publish = bothRan && tandem.publishLatency().count() > 0 && other.publishLatency().count() > 0
                ? divide(tandem.publishLatency().p99Us(), other.publishLatency().p99Us()) : Double.NaN;
        double endToEnd = bothRan && tandem.endToEndLatency().count() > 0 && other.endToEndLatency().count() > 0
                ? divide(tandem.endToEndLatency().p99Us(), other.endToEndLatency().p99Us()) : Double.NaN;
        return new Ratio(workloadId, tandem.target(), other.target(), throughput, publish, endToEnd);
    }

    private static double divide(double numerator, double denominator) {
        return denominator > 0 ? numerator / denominator : Double.NaN;
    }
}
