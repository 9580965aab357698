package io.tandem.bench.e2e;

import io.tandem.bench.e2e.measure.DeliverySummary;
import io.tandem.bench.e2e.measure.LatencySummary;

import java.util.List;

/**
 * The result of one run (one target, one workload), as {@link Load} writes it to JSON and the reports read it.
 *
 * @param target            the target's label, e.g. {@code tandem-uring}
 * @param workload          what was sent
 * @param failure           why the run did not complete, or null if it did
 * @param startedAt         ISO-8601 UTC time the run started
 * @param broker            which broker ran, how, and how it started and stopped
 * @param client            client library and version
 * @param loadJava          java of the load generator
 * @param measuredSeconds   length of the measurement window
 * @param messages          messages acknowledged inside the window
 * @param bytes             their body bytes
 * @param messagesPerSecond producer throughput: {@code messages / measuredSeconds}
 * @param megabytesPerSecond producer throughput in 10⁶ body bytes per second
 * @param publishLatency    from a send call to its acknowledgement (a batch counts once), acknowledged in the window
 * @param endToEndLatency   from a send call to a consumer receiving the message, for messages sent in the window
 * @param consumedPerSecond first deliveries inside the window, per second
 * @param sendErrors        sends that failed or timed out, in the whole run
 * @param sendErrorSamples  the first few of those failures
 * @param delivery          acknowledged vs consumed, over the whole run (warm-up included)
 * @param setupSeconds      topic creation and the readiness probe
 * @param drainSeconds      waiting for consumers after the last send
 */
public record RunResult(String target, Workload workload, String failure, String startedAt, BrokerRun broker,
                        String client, String loadJava, double measuredSeconds, long messages, long bytes,
                        double messagesPerSecond, double megabytesPerSecond, LatencySummary publishLatency,
                        LatencySummary endToEndLatency, double consumedPerSecond, long sendErrors,
                        List<String> sendErrorSamples, DeliverySummary delivery, double setupSeconds,
                        double drainSeconds) {

    /** Whether the run completed and every acknowledged message was consumed exactly once. */
    public boolean passed() {
        return failure == null && delivery != null && delivery.exactlyOnce();
    }

    /** A run that did not complete; nothing was measured. */
    public static RunResult failed(String target, Workload workload, String startedAt, BrokerRun broker,
                                   String failure) {
        return new RunResult(target, workload, failure, startedAt, broker, null, null, 0, 0, 0, 0, 0,
                LatencySummary.EMPTY, LatencySummary.EMPTY, 0, 0, List.of(), null, 0, 0);
    }

    /**
     * How the broker of a run was started and stopped.
     *
     * @param software       product and version
     * @param settings       the settings that matter to a reader
     * @param java           java executable and version
     * @param startSeconds   from launch until every listener accepted connections
     * @param stopSeconds    from SIGTERM until every process exited
     * @param stoppedCleanly whether every process exited on SIGTERM, without being killed
     * @param exitCodes      exit codes of the processes (143: shutdown on SIGTERM)
     */
    public record BrokerRun(String software, String settings, String java, double startSeconds, double stopSeconds,
                            boolean stoppedCleanly, List<Integer> exitCodes) {
    }
}
