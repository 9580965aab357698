package io.tandem.bench.e2e;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The standard workloads of the comparison. Every one sends 1 KiB messages to one topic of 8 queues, read by one
 * consumer; they differ in how the producers send.
 *
 * <table>
 * <caption>Standard workloads</caption>
 * <tr><th>name</th><th>what it shows</th></tr>
 * <tr><td>sync-1t</td><td>one thread, each send waited for: round-trip plus flush cost</td></tr>
 * <tr><td>sync-4t</td><td>four such threads: group commit across connections</td></tr>
 * <tr><td>async-1024</td><td>one thread pipelining 1,024 sends: throughput when latency is hidden</td></tr>
 * <tr><td>batch-32</td><td>one thread sending batches of 32 messages, each batch waited for</td></tr>
 * <tr><td>txn-4t</td><td>four threads sending transactional messages (half, then commit)</td></tr>
 * <tr><td>e2e-5k</td><td>5,000 msg/s pipelined: end-to-end latency at a rate every broker sustains</td></tr>
 * </table>
 */
public final class Workloads {

    public static final int MESSAGE_SIZE = 1024;
    public static final int QUEUES = 8;

    private static final Duration DEFAULT_WARMUP = Duration.ofSeconds(5);
    private static final Duration DEFAULT_DURATION = Duration.ofSeconds(20);

    private static final List<Workload> SHAPES = List.of(
            shape("sync-1t", 1, 1, 1, 0, false),
            shape("sync-4t", 4, 1, 1, 0, false),
            shape("async-1024", 1, 1024, 1, 0, false),
            shape("batch-32", 1, 1, 32, 0, false),
            shape("txn-4t", 4, 1, 1, 0, true),
            shape("e2e-5k", 1, 1024, 1, 5000, false));

    private static final Map<String, Workload> BY_NAME = SHAPES.stream()
            .collect(Collectors.toUnmodifiableMap(Workload::name, Function.identity()));

    private Workloads() {
    }

    /** Every standard shape, ASYNC, with the default 5 s warm-up and 20 s measurement. */
    public static List<Workload> shapes() {
        return SHAPES;
    }

    /**
     * The standard shape called {@code name}.
     *
     * @throws IllegalArgumentException naming the known shapes if there is none of that name
     */
    public static Workload named(String name) {
        Workload workload = BY_NAME.get(name.toLowerCase(Locale.ROOT));
        if (workload == null) {
            throw new IllegalArgumentException("no workload '" + name + "'; known: "
                    + SHAPES.stream().map(Workload::name).collect(Collectors.joining(", ")));
        }
        return workload;
    }

    private static Workload shape(String name, int threads, int inFlight, int batchSize, int rate,
                                  boolean transactional) {
        return new Workload(name, MESSAGE_SIZE, 1, QUEUES, 1, threads, inFlight, batchSize, rate, 1, transactional,
                Durability.ASYNC, DEFAULT_WARMUP, DEFAULT_DURATION);
    }
}
