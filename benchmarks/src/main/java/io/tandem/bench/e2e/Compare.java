package io.tandem.bench.e2e;

import io.tandem.bench.e2e.broker.Brokers;
import io.tandem.bench.e2e.broker.Locations;
import io.tandem.bench.e2e.report.Chart;
import io.tandem.bench.e2e.report.ComparisonInfo;
import io.tandem.bench.e2e.report.Json;
import io.tandem.bench.e2e.report.Machine;
import io.tandem.bench.e2e.report.MarkdownReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs the comparison matrix, workload by workload, each target right after the other (so the two sides of every
 * ratio share the machine's conditions), every run in a fresh load-generator JVM ({@link Load}) that starts and
 * stops its broker. Writes {@code <results>/<date>-<commit>/}: one JSON file per run under {@code runs/},
 * {@code report.md} (runs, ratios Tandem/RocketMQ and Tandem/Kafka, delivery check), {@code chart.png},
 * {@code comparison.json} (machine and settings).
 *
 * <pre>
 * unshare -n sh -c 'ip link set lo up &amp;&amp; exec java @benchmarks/target/e2e.args io.tandem.bench.e2e.Compare'
 * </pre>
 */
@Command(name = "Compare", sortOptions = false,
        description = "Runs every workload against Tandem, Apache RocketMQ and Apache Kafka, one broker at a time, "
                + "and writes JSON per run, a Markdown report with the ratios and a chart.")
public final class Compare implements Callable<Integer> {

    /** The matrix unless told otherwise: a name alone runs with each durability, a -async/-sync suffix with one. */
    static final List<String> DEFAULT_WORKLOADS = List.of("sync-1t", "sync-4t", "async-1024", "batch-32",
            "txn-4t-sync", "e2e-5k-async");

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);
    private static final Duration RUN_OVERHEAD_LIMIT = Duration.ofMinutes(6);

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Option(names = "--targets", split = ",", description = "targets in run order (default: tandem-uring,rocketmq,kafka); "
            + "also tandem-pagecache, tandem-mmap, tandem-<engine>-tandemclient for Tandem's own client, and "
            + "tandem-<engine>-<n>groups for n broker groups behind a stand-alone name server")
    List<String> targets = new ArrayList<>(Target.DEFAULT_LABELS);

    @Option(names = "--workloads", split = ",", description = "workloads in run order; a name alone (sync-1t) runs "
            + "with every --durability, a suffixed one (e2e-5k-async) with that one (default: "
            + "sync-1t,sync-4t,async-1024,batch-32,txn-4t-sync,e2e-5k-async)")
    List<String> workloads = new ArrayList<>(DEFAULT_WORKLOADS);

    @Option(names = "--durability", split = ",", defaultValue = "ASYNC,SYNC",
            description = "durabilities of unsuffixed workloads (default: ${DEFAULT-VALUE})")
    List<Durability> durabilities;

    @Option(names = "--warmup", converter = DurationConverter.class, defaultValue = "4s",
            description = "warm-up per run (default: ${DEFAULT-VALUE})")
    Duration warmup;

    @Option(names = "--duration", converter = DurationConverter.class, defaultValue = "10s",
            description = "measurement per run (default: ${DEFAULT-VALUE})")
    Duration duration;

    @Option(names = "--message-size", defaultValue = "1024", description = "message body bytes (default: ${DEFAULT-VALUE})")
    int messageSize;

    @Option(names = "--results", description = "where the results directory goes (default: benchmarks/results of "
            + "the working tree)")
    Path results;

    @Option(names = "--work-dir", description = "where brokers keep their data during a run (default: "
            + "-Dtandem.bench.dir, else java.io.tmpdir, plus /tandem-e2e)")
    Path workRoot;

    @Option(names = "--rocketmq-java", description = "java executable for the RocketMQ processes (default: the java "
            + "running this)")
    Path rocketMqJava;

    @Option(names = "--jfr", paramLabel = "DIR", description = "record every run's measurement with JDK Flight "
            + "Recorder (profile settings), load generator and brokers, into DIR (see Load --jfr)")
    Path jfr;

    @Option(names = "--note", description = "a sentence for the top of the report, e.g. that other work shared the machine")
    String note;

    @Option(names = "--dry-run", description = "print the runs and the time they would take, and exit")
    boolean dryRun;

    @Option(names = "--report-only", description = "rewrite report.md and chart.png of this results directory "
            + "from its runs/*.json and comparison.json, and exit")
    Path reportOnly;

    public static void main(String[] args) {
        System.exit(Load.commandLine(new Compare()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (reportOnly != null) {
            rewriteReport(reportOnly);
            return 0;
        }
        List<Target> parsedTargets = targets.stream().map(Target::parse).toList();
        List<Workload> matrix = matrix();
        List<Run> runs = new ArrayList<>();
        for (Workload workload : matrix) {
            for (Target target : parsedTargets) {
                if (target.supports(workload)) {
                    runs.add(new Run(target, workload));
                }
            }
        }
        Duration estimate = estimate(runs.stream().map(run -> new Timing(run.target().broker(),
                run.workload().warmup().plus(run.workload().duration()))).toList());
        System.out.printf(Locale.ROOT, "%d runs, about %d min on a 2-core VM (%s s warm-up + %s s measured "
                        + "each, plus starting and stopping brokers, setup and draining):%n", runs.size(),
                Math.round(estimate.toSeconds() / 60.0), warmup.toSeconds(), duration.toSeconds());
        for (Run run : runs) {
            System.out.printf(Locale.ROOT, "  %-18s %-28s %s%n", run.workload().id(), run.target().label(),
                    run.workload().describe());
        }
        if (dryRun) {
            return 0;
        }
        boolean needsRocketMq = parsedTargets.stream().anyMatch(target -> target.broker() == BrokerKind.ROCKETMQ);
        if (needsRocketMq && !Brokers.onlyLoopbackIsUp()) {
            System.err.println("RocketMQ's broker binds its HA port on every address, so the comparison runs only "
                    + "where loopback is the only network up. As root: unshare -n sh -c 'ip link set lo up && exec "
                    + "java @benchmarks/target/e2e.args io.tandem.bench.e2e.Compare ...'");
            return 2;
        }

        Instant started = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Path work = workRoot != null ? workRoot : Directories.defaultWorkRoot();
        Files.createDirectories(work);
        Machine machine = Machine.describe(work);
        Git git = Git.describe();
        Path directory = resultsDirectory(started, git.commit());
        Path runsDirectory = Files.createDirectories(directory.resolve("runs"));
        System.out.println("results: " + directory);

        Path snapshotDirectory = Files.createTempDirectory(work, "harness-");
        List<RunResult> results = new ArrayList<>();
        try {
            Snapshot snapshot = Snapshot.take(snapshotDirectory);
            int index = 0;
            Forked previous = null;
            for (Run run : runs) {
                index++;
                System.out.printf(Locale.ROOT, "%n[%d/%d] %s, %s%n", index, runs.size(), run.workload().id(),
                        run.target().label());
                Path json = runsDirectory.resolve(String.format(Locale.ROOT, "%02d-%s-%s.json", index,
                        run.workload().id(), run.target().label()));
                Forked current = fork(run, json, work, snapshot, previous);
                // The next run starts once this one is measured and drained; it warms up only after this one ended.
                current.awaitMeasured();
                if (previous != null) {
                    results.add(previous.finish());
                }
                previous = current;
            }
            if (previous != null) {
                results.add(previous.finish());
            }
        } finally {
            Directories.deleteRecursively(snapshotDirectory);
        }
        Instant finished = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String rocketMqJavaText = needsRocketMq ? describeRocketMqJava(results) : "(not run)";
        ComparisonInfo info = new ComparisonInfo(DATE.format(started), git.commit(), git.dirty(), started.toString(),
                finished.toString(), commandLine(), targets, matrix.stream().map(Workload::id).toList(), machine,
                rocketMqJavaText, note);
        Json.write(directory.resolve("comparison.json"), info);
        writeReport(directory, info, results);
        System.out.println();
        System.out.println(Files.readString(directory.resolve("report.md"), StandardCharsets.UTF_8));
        System.out.println("written: " + directory);
        return results.stream().allMatch(RunResult::passed) ? 0 : 1;
    }

    private List<Workload> matrix() {
        List<Workload> matrix = new ArrayList<>();
        for (String entry : workloads) {
            String name = entry.trim().toLowerCase(Locale.ROOT);
            List<Durability> chosen = durabilities;
            for (Durability durability : Durability.values()) {
                String suffix = "-" + durability.name().toLowerCase(Locale.ROOT);
                if (name.endsWith(suffix)) {
                    name = name.substring(0, name.length() - suffix.length());
                    chosen = List.of(durability);
                }
            }
            Workload shape = Workloads.named(name).withTimes(warmup, duration).withMessageSize(messageSize);
            for (Durability durability : chosen) {
                matrix.add(shape.withDurability(durability));
            }
        }
        return matrix;
    }

    /**
     * Seconds a run takes besides its warm-up and measurement, as observed on a 2-core VM: before the warm-up, the
     * load generator's JVM, starting the broker, topics and the readiness probe; after the measurement, draining
     * (about 0.6 s), then closing the clients and stopping the broker (RocketMQ's broker takes 13-17 s to run its
     * shutdown hook). A run starts while its predecessor stops, so only the longer of the two counts.
     */
    record Overhead(double startSeconds, double drainSeconds, double stopSeconds) {

        static Overhead of(BrokerKind broker) {
            return switch (broker) {
                case TANDEM -> new Overhead(7, 0.6, 1);
                case ROCKETMQ -> new Overhead(10, 0.6, 15);
                case KAFKA -> new Overhead(7, 0.6, 1.5);
            };
        }
    }

    /** One run for the estimate: its broker and its warm-up plus measurement. */
    record Timing(BrokerKind broker, Duration work) {
    }

    /**
     * How long {@code runs} take in a row when each one's start overlaps its predecessor's stop: the first start,
     * every run's work and draining, for each hand-over the longer of the stop and the next start, the last stop.
     */
    static Duration estimate(List<Timing> runs) {
        double seconds = 0;
        Overhead previous = null;
        for (Timing run : runs) {
            Overhead overhead = Overhead.of(run.broker());
            seconds += previous == null ? overhead.startSeconds()
                    : Math.max(previous.stopSeconds(), overhead.startSeconds());
            seconds += run.work().toMillis() / 1000.0 + overhead.drainSeconds();
            previous = overhead;
        }
        if (previous != null) {
            seconds += previous.stopSeconds();
        }
        return Duration.ofMillis(Math.round(seconds * 1000));
    }

    /**
     * Starts one {@link Load} in a JVM of its own; it warms up only once {@code previous} (if any) has exited, and
     * creates a marker file when its measurement and draining are done.
     */
    private Forked fork(Run run, Path json, Path work, Snapshot snapshot, Forked previous) throws IOException {
        Workload workload = run.workload();
        Path measured = json.resolveSibling(json.getFileName() + ".measured");
        List<String> command = new ArrayList<>(List.of(Brokers.currentJava().toString(),
                "--enable-native-access=ALL-UNNAMED", "-Xms1g", "-Xmx2g", "-Djava.awt.headless=true",
                "-cp", snapshot.classPath(), Load.class.getName(),
                "--target", run.target().label(),
                "--workload", workload.name(),
                "--durability", workload.durability().name(),
                "--message-size", Integer.toString(workload.messageSize()),
                "--topics", Integer.toString(workload.topics()),
                "--queues", Integer.toString(workload.queuesPerTopic()),
                "--producers", Integer.toString(workload.producers()),
                "--threads", Integer.toString(workload.producerThreads()),
                "--in-flight", Integer.toString(workload.inFlight()),
                "--batch-size", Integer.toString(workload.batchSize()),
                "--rate", Integer.toString(workload.targetRate()),
                "--consumers", Integer.toString(workload.consumers()),
                "--transactional", Boolean.toString(workload.transactional()),
                "--warmup", workload.warmup().toMillis() + "ms",
                "--duration", workload.duration().toMillis() + "ms",
                "--work-dir", work.toString(),
                "--locations", snapshot.locations().toString(),
                "--measured-file", measured.toString(),
                "--output", json.toString()));
        if (previous != null && previous.process().isAlive()) {
            command.addAll(List.of("--after-pid", Long.toString(previous.process().pid())));
        }
        if (rocketMqJava != null) {
            command.addAll(List.of("--rocketmq-java", rocketMqJava.toString()));
        }
        if (jfr != null) {
            command.addAll(List.of("--jfr", jfr.toAbsolutePath().toString()));
        }
        Files.deleteIfExists(json);
        Files.deleteIfExists(measured);
        Process process = new ProcessBuilder(command).inheritIO().start();
        long deadlineNs = System.nanoTime()
                + workload.warmup().plus(workload.duration()).plus(RUN_OVERHEAD_LIMIT).toNanos();
        return new Forked(run, json, measured, process, deadlineNs);
    }

    /** A run's load generator, started; a run that fails or hangs becomes a failed result. */
    private record Forked(Run run, Path json, Path measured, Process process, long deadlineNs) {

        /** Waits until the run was measured and drained, or its process ended, or its time ran out. */
        void awaitMeasured() throws InterruptedException {
            while (!Files.exists(measured) && process.isAlive() && System.nanoTime() - deadlineNs < 0) {
                Thread.sleep(100);
            }
        }

        /** Waits for the process to end (killing it at the deadline) and reads its result. */
        RunResult finish() throws IOException, InterruptedException {
            long remainingMs = Math.max(0, (deadlineNs - System.nanoTime()) / 1_000_000);
            if (!process.waitFor(remainingMs, TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(30, TimeUnit.SECONDS);
            }
            Files.deleteIfExists(measured);
            if (Files.isRegularFile(json)) {
                return Json.read(json, RunResult.class);
            }
            String reason = process.isAlive() ? "did not finish" : "load generator exited with code "
                    + process.exitValue() + " without a result";
            RunResult failed = RunResult.failed(run.target().label(), run.workload(), Instant.now()
                    .truncatedTo(ChronoUnit.SECONDS).toString(), null, reason);
            Json.write(json, failed);
            return failed;
        }
    }

    private static void writeReport(Path directory, ComparisonInfo info, List<RunResult> results) throws IOException {
        Files.writeString(directory.resolve("report.md"), MarkdownReport.render(info, results), StandardCharsets.UTF_8);
        Chart.write(directory.resolve("chart.png"), "Tandem vs Apache RocketMQ vs Apache Kafka, " + info.date()
                + ", commit " + info.commit() + " (" + info.machine().cores() + " cores)", results);
    }

    private static void rewriteReport(Path directory) throws IOException {
        ComparisonInfo info = Json.read(directory.resolve("comparison.json"), ComparisonInfo.class);
        List<RunResult> results;
        try (Stream<Path> files = Files.list(directory.resolve("runs"))) {
            results = files.filter(file -> file.toString().endsWith(".json")).sorted(Comparator.naturalOrder())
                    .map(file -> Json.read(file, RunResult.class)).toList();
        }
        writeReport(directory, info, results);
        System.out.println("rewrote " + directory.resolve("report.md") + " and chart.png from " + results.size()
                + " runs");
    }

    private static String describeRocketMqJava(List<RunResult> results) {
        return results.stream().filter(result -> result.target().equals("rocketmq") && result.broker() != null)
                .map(result -> result.broker().java()).findFirst().orElse("(no RocketMQ run started)");
    }

    private Path resultsDirectory(Instant started, String commit) throws IOException {
        Path root = results != null ? results : Git.workingTree().map(tree -> tree.resolve("benchmarks/results"))
                .orElse(Path.of("results"));
        Path directory = root.resolve(DATE.format(started) + "-" + commit);
        if (Files.exists(directory)) {
            directory = root.resolve(DATE.format(started) + "-" + commit + "-"
                    + DateTimeFormatter.ofPattern("HHmm").withZone(ZoneOffset.UTC).format(started));
        }
        return Files.createDirectories(directory);
    }

    private String commandLine() {
        StringBuilder command = new StringBuilder("java @benchmarks/target/e2e.args io.tandem.bench.e2e.Compare");
        if (!targets.equals(Target.DEFAULT_LABELS)) {
            command.append(" --targets ").append(String.join(",", targets));
        }
        if (!workloads.equals(DEFAULT_WORKLOADS)) {
            command.append(" --workloads ").append(String.join(",", workloads));
        }
        if (!durabilities.equals(List.of(Durability.ASYNC, Durability.SYNC))) {
            command.append(" --durability ").append(String.join(",", durabilities.stream().map(Enum::name).toList()));
        }
        command.append(" --warmup ").append(warmup.toSeconds()).append("s --duration ").append(duration.toSeconds())
                .append('s');
        if (messageSize != Workloads.MESSAGE_SIZE) {
            command.append(" --message-size ").append(messageSize);
        }
        if (rocketMqJava != null) {
            command.append(" --rocketmq-java ").append(rocketMqJava);
        }
        if (jfr != null) {
            command.append(" --jfr ").append(jfr);
        }
        return command.toString();
    }

    private record Run(Target target, Workload workload) {
    }

    /**
     * A copy of what a rebuild of the working tree would replace while the comparison runs (other work may build on
     * the same machine): the harness's class directories and SNAPSHOT jars, the Tandem broker's jar and the broker
     * class-path files. Released artifacts in the local repository are used where they are.
     */
    private record Snapshot(String classPath, Path locations) {

        static Snapshot take(Path directory) throws IOException {
            Path locationsFile = directory.resolve("locations.properties");
            Locations.ofThisBuild().copyTo(directory.resolve("brokers")).store(locationsFile);
            List<String> entries = new ArrayList<>();
            int index = 0;
            for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
                Path path = Path.of(entry);
                boolean rebuildable = Files.isDirectory(path)
                        || (Files.isRegularFile(path) && path.getFileName().toString().contains("SNAPSHOT"));
                if (!rebuildable) {
                    entries.add(entry);
                    continue;
                }
                Path copy = directory.resolve("classpath").resolve(index++ + "-" + path.getFileName());
                copyRecursively(path, copy);
                entries.add(copy.toString());
            }
            return new Snapshot(String.join(File.pathSeparator, entries), locationsFile);
        }

        private static void copyRecursively(Path source, Path target) throws IOException {
            try (Stream<Path> walk = Files.walk(source)) {
                for (Path path : walk.toList()) {
                    Path destination = target.resolve(source.relativize(path).toString());
                    if (Files.isDirectory(path)) {
                        Files.createDirectories(destination);
                    } else {
                        Files.createDirectories(destination.getParent());
                        Files.copy(path, destination);
                    }
                }
            }
        }
    }
}
