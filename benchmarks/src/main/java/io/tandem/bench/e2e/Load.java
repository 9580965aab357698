package io.tandem.bench.e2e;

import io.tandem.bench.e2e.broker.BrokerProcess;
import io.tandem.bench.e2e.broker.BrokerSettings;
import io.tandem.bench.e2e.broker.Brokers;
import io.tandem.bench.e2e.broker.JvmProcess;
import io.tandem.bench.e2e.broker.Locations;
import io.tandem.bench.e2e.driver.Driver;
import io.tandem.bench.e2e.report.Format;
import io.tandem.bench.e2e.report.Json;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One run: starts one target's broker on loopback with a fresh data directory, puts one workload on it, stops the
 * broker, prints a summary and writes the {@link RunResult} as JSON.
 *
 * <pre>
 * java @benchmarks/target/e2e.args io.tandem.bench.e2e.Load --target tandem-uring --workload sync-4t --durability SYNC
 * </pre>
 *
 * Exit status: 0 if the run completed and every acknowledged message was consumed exactly once; 1 if messages were
 * lost or duplicated; 2 for bad arguments; 3 if the run failed.
 */
@Command(name = "Load", sortOptions = false,
        description = "Starts one broker, puts one workload on it, stops it, and reports throughput, latency and "
                + "the delivery check (lost and duplicated messages).")
public final class Load implements Callable<Integer> {

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Option(names = {"-t", "--target"}, required = true, description = "rocketmq, kafka, tandem-uring, tandem-pagecache, "
            + "tandem-mmap; a Tandem target followed by -tandemclient uses Tandem's own client")
    String target;

    @Option(names = {"-w", "--workload"}, defaultValue = "sync-1t", description = "standard workload to start from: "
            + "sync-1t, sync-4t, async-1024, batch-32, txn-4t, e2e-5k (default: ${DEFAULT-VALUE}); the options "
            + "below change it")
    String workload;

    @Option(names = {"-d", "--durability"}, defaultValue = "ASYNC", description = "ASYNC or SYNC (default: ${DEFAULT-VALUE})")
    Durability durability;

    @Option(names = "--message-size", description = "message body bytes")
    Integer messageSize;

    @Option(names = "--topics", description = "topics")
    Integer topics;

    @Option(names = "--queues", description = "queues (partitions) per topic")
    Integer queues;

    @Option(names = "--producers", description = "producer clients")
    Integer producers;

    @Option(names = "--threads", description = "producer threads")
    Integer threads;

    @Option(names = "--in-flight", description = "messages each thread keeps in flight (1: send and wait)")
    Integer inFlight;

    @Option(names = "--batch-size", description = "messages per send")
    Integer batchSize;

    @Option(names = "--rate", description = "target messages/s over all threads, 0 for the maximum")
    Integer rate;

    @Option(names = "--consumers", description = "consumer clients in the subscription")
    Integer consumers;

    @Option(names = "--transactional", arity = "1", description = "true to send transactional messages")
    Boolean transactional;

    @Option(names = "--warmup", converter = DurationConverter.class, description = "warm-up, e.g. 5s (default: the workload's, 5s)")
    Duration warmup;

    @Option(names = "--duration", converter = DurationConverter.class, description = "measurement, e.g. 20s (default: the workload's, 20s)")
    Duration duration;

    @Option(names = "--work-dir", description = "where the broker's new directory goes; deleted after the run unless "
            + "--keep-data (default: -Dtandem.bench.dir, else java.io.tmpdir, plus /tandem-e2e)")
    Path workRoot;

    @Option(names = "--keep-data", description = "keep the broker's directory (data, configuration and logs)")
    boolean keepData;

    @Option(names = "--output", description = "write the result to this JSON file")
    Path output;

    @Option(names = "--rocketmq-java", description = "java executable for the RocketMQ processes (default: the java "
            + "running this)")
    Path rocketMqJava;

    @Option(names = "--jfr", paramLabel = "DIR", description = "record the measurement with JDK Flight Recorder "
            + "(profile settings) in the load generator's JVM and in every broker JVM, into DIR/<workload>-<target>-"
            + "<process>.jfr; the run is slowed a little by it")
    Path jfr;

    @Option(names = "--after-pid", paramLabel = "PID", description = "start the warm-up only once process PID has "
            + "exited (Compare starts a run while the previous one stops its broker)")
    Long afterPid;

    @Option(names = "--measured-file", paramLabel = "FILE", description = "create FILE once the measurement and "
            + "the draining are done, before the clients and the broker stop (Compare then starts the next run)")
    Path measuredFile;

    @Option(names = "--locations", description = "broker software to use, as written by Compare (default: what this "
            + "build resolved)")
    Path locations;

    public static void main(String[] args) {
        System.exit(commandLine(new Load()).execute(args));
    }

    static CommandLine commandLine(Object command) {
        return new CommandLine(command).setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler((e, commandLine, parseResult) -> {
                    commandLine.getErr().println("error: " + e);
                    e.printStackTrace(commandLine.getErr());
                    return 3;
                });
    }

    @Override
    public Integer call() throws Exception {
        Target parsedTarget = Target.parse(target);
        Workload chosen = workload();
        if (!parsedTarget.supports(chosen)) {
            System.err.println(parsedTarget.label() + " does not run transactional workloads");
            return 2;
        }
        RunResult result = run(parsedTarget, chosen, workRoot != null ? workRoot : Directories.defaultWorkRoot(),
                keepData, rocketMqJava, locations != null ? Locations.load(locations) : Locations.ofThisBuild(),
                new Coordination(jfr, afterPid, measuredFile), System.out);
        if (output != null) {
            Path parent = output.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Json.write(output, result);
        }
        if (result.failure() != null) {
            return 3;
        }
        return result.passed() ? 0 : 1;
    }

    private Workload workload() {
        Workload base = Workloads.named(workload);
        return new Workload(base.name(),
                messageSize != null ? messageSize : base.messageSize(),
                topics != null ? topics : base.topics(),
                queues != null ? queues : base.queuesPerTopic(),
                producers != null ? producers : base.producers(),
                threads != null ? threads : base.producerThreads(),
                inFlight != null ? inFlight : base.inFlight(),
                batchSize != null ? batchSize : base.batchSize(),
                rate != null ? rate : base.targetRate(),
                consumers != null ? consumers : base.consumers(),
                transactional != null ? transactional : base.transactional(),
                durability,
                warmup != null ? warmup : base.warmup(),
                duration != null ? duration : base.duration());
    }

    /**
     * Runs {@code workload} against {@code target}, never throwing for a failed run: the result says why.
     *
     * @param coordination flight recordings and the hand-over between consecutive runs of a comparison
     */
    static RunResult run(Target target, Workload workload, Path workRoot, boolean keepData, Path rocketMqJava,
                         Locations locations, Coordination coordination, PrintStream out) throws Exception {
        String startedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        Files.createDirectories(workRoot);
        Path directory = Files.createTempDirectory(workRoot, target.label() + "-" + workload.id() + "-");
        Path java = target.broker() == BrokerKind.ROCKETMQ && rocketMqJava != null ? rocketMqJava
                : Brokers.currentJava();
        BrokerSettings settings = new BrokerSettings(directory, workload.durability(), target.ioEngine(), java,
                locations);
        // The RocketMQ client's own log goes with the broker's files instead of ~/logs/rocketmqlogs.
        System.setProperty("rocketmq.log.root", directory.resolve("client-logs").toString());
        out.printf(Locale.ROOT, "%s %s: %s%n", target.label(), workload.id(), workload.describe());
        BrokerProcess broker = null;
        FlightRecordings recordings = null;
        RunResult result;
        try {
            Credentials credentials = target.security().signed() ? Credentials.random() : null;
            broker = Brokers.start(target, settings, credentials);
            out.printf(Locale.ROOT, "  %s started in %.1f s (%s), %s%n", broker.software(),
                    broker.startTime().toNanos() / 1e9, broker.settings(), broker.java());
            BrokerProcess running = broker;
            if (coordination.jfr() != null) {
                recordings = new FlightRecordings(coordination.jfr(), workload.id() + "-" + target.label(),
                        java.resolveSibling("jcmd"), broker.processes(), out);
            }
            LoadGenerator.RunListener listener = coordination.listener(recordings, out);
            LoadGenerator.Outcome outcome;
            try (Driver driver = Driver.open(target.client(), broker.endpoint(), target.security(), credentials,
                    Math.max(1, target.groups()))) {
                outcome = new LoadGenerator(workload, driver, target.label(), out, running::isAlive, listener).run();
            }
            printMeasurement(out, outcome);
            coordination.measured();
            List<JvmProcess.StopReport> stops = broker.stop();
            RunResult.BrokerRun brokerRun = brokerRun(broker, stops);
            double seconds = outcome.measuredSeconds();
            result = new RunResult(target.label(), workload, null, startedAt, brokerRun, clientName(target, settings),
                    Brokers.currentJava() + " (" + Runtime.version() + ")", seconds, outcome.messages(),
                    outcome.bytes(), outcome.messages() / seconds, outcome.bytes() / seconds / 1e6,
                    outcome.publishLatency(), outcome.endToEndLatency(), outcome.consumedInWindow() / seconds,
                    outcome.sendErrors(), outcome.errorSamples(), outcome.delivery(), outcome.setupSeconds(),
                    outcome.drainSeconds());
            out.printf(Locale.ROOT, "  %s %s: broker stopped %s in %.1f s%n", target.label(), workload.id(),
                    brokerRun.stoppedCleanly() ? "cleanly" : "NOT cleanly", brokerRun.stopSeconds());
        } catch (Exception e) {
            String failure = e.getClass().getSimpleName() + ": " + e.getMessage();
            if (broker != null) {
                List<String> logs = new ArrayList<>();
                for (JvmProcess process : broker.processes()) {
                    logs.add(process.logFile().toString());
                }
                failure += " (broker logs: " + String.join(", ", logs) + ")";
                keepData = true;
            }
            if (recordings != null) {
                recordings.stop();
            }
            RunResult.BrokerRun brokerRun = broker == null ? null : brokerRun(broker, broker.stop());
            result = RunResult.failed(target.label(), workload, startedAt, brokerRun, failure);
            out.println("  FAILED: " + failure);
            e.printStackTrace(out);
        } finally {
            if (recordings != null) {
                recordings.stop();
            }
            if (broker != null) {
                broker.stop();
            }
            if (!keepData) {
                Directories.deleteRecursively(directory);
            } else {
                out.println("  kept " + directory);
            }
        }
        return result;
    }

    /**
     * What a run does besides its work: flight recordings of the measurement, waiting for the previous run's process
     * before warming up, and telling the next one when it may start.
     *
     * @param jfr          where flight recordings go, or null for none
     * @param afterPid     process to wait for before the warm-up, or null
     * @param measuredFile file to create once measured and drained, or null
     */
    record Coordination(Path jfr, Long afterPid, Path measuredFile) {

        static final Coordination NONE = new Coordination(null, null, null);
        /** How long a run waits for its predecessor, which Compare kills if it takes longer than its own limit. */
        private static final Duration PREDECESSOR_LIMIT = Duration.ofMinutes(2);

        LoadGenerator.RunListener listener(FlightRecordings recordings, PrintStream out) {
            return new LoadGenerator.RunListener() {
                @Override
                public void beforeWarmup() throws Exception {
                    if (afterPid != null) {
                        awaitPredecessor(afterPid, out);
                    }
                }

                @Override
                public void beforeMeasurement() throws Exception {
                    if (recordings != null) {
                        recordings.start();
                    }
                }

                @Override
                public void afterMeasurement() {
                    if (recordings != null) {
                        recordings.stop();
                    }
                }
            };
        }

        /** Tells Compare that the measured part is over: the next run may start while this one stops. */
        void measured() throws IOException {
            if (measuredFile != null) {
                Files.writeString(measuredFile, Instant.now().toString());
            }
        }

        private static void awaitPredecessor(long pid, PrintStream out) throws InterruptedException {
            Optional<ProcessHandle> predecessor = ProcessHandle.of(pid);
            if (predecessor.isEmpty()) {
                return;
            }
            long start = System.nanoTime();
            try {
                predecessor.get().onExit().get(PREDECESSOR_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException | TimeoutException e) {
                out.printf(Locale.ROOT, "  the previous run (pid %d) still runs after %d s; warming up anyway%n", pid,
                        PREDECESSOR_LIMIT.toSeconds());
                return;
            }
            double waited = (System.nanoTime() - start) / 1e9;
            if (waited >= 0.1) {
                out.printf(Locale.ROOT, "  waited %.1f s for the previous run to stop its broker%n", waited);
            }
        }
    }

    private static RunResult.BrokerRun brokerRun(BrokerProcess broker, List<JvmProcess.StopReport> stops) {
        double stopSeconds = stops.stream().mapToDouble(stop -> stop.took().toNanos() / 1e9).sum();
        boolean clean = stops.stream().allMatch(JvmProcess.StopReport::graceful);
        List<Integer> exitCodes = stops.stream().map(JvmProcess.StopReport::exitCode).toList();
        return new RunResult.BrokerRun(broker.software(), broker.settings(), broker.java(),
                broker.startTime().toNanos() / 1e9, stopSeconds, clean, exitCodes);
    }

    private static String clientName(Target target, BrokerSettings settings) {
        return switch (target.client()) {
            case ROCKETMQ -> "Apache RocketMQ client " + settings.locations().rocketMqVersion();
            case KAFKA -> "Apache Kafka kafka-clients " + settings.locations().kafkaVersion();
            case TANDEM -> "Tandem client " + settings.locations().tandemVersion();
        };
    }

    private static void printMeasurement(PrintStream out, LoadGenerator.Outcome outcome) {
        double seconds = outcome.measuredSeconds();
        out.printf(Locale.ROOT, "  sent %,.0f msg/s (%.1f MB/s); publish latency p50 %s p99 %s p99.9 %s max %s%n",
                outcome.messages() / seconds, outcome.bytes() / seconds / 1e6,
                Format.micros(outcome.publishLatency().p50Us()),
                Format.micros(outcome.publishLatency().p99Us()),
                Format.micros(outcome.publishLatency().p999Us()),
                Format.micros(outcome.publishLatency().maxUs()));
        out.printf(Locale.ROOT, "  end-to-end latency p50 %s p99 %s p99.9 %s; consumed %,.0f msg/s%n",
                Format.micros(outcome.endToEndLatency().p50Us()),
                Format.micros(outcome.endToEndLatency().p99Us()),
                Format.micros(outcome.endToEndLatency().p999Us()), outcome.consumedInWindow() / seconds);
        out.printf(Locale.ROOT, "  delivery: %,d acknowledged, %,d lost, %,d duplicated, %,d send errors%s%n",
                outcome.delivery().acknowledged(), outcome.delivery().lost(), outcome.delivery().duplicates(),
                outcome.sendErrors(), outcome.delivery().exactlyOnce() ? "" : "  <-- NOT EXACTLY ONCE");
    }
}
