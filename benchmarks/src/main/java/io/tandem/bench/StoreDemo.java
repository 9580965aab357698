package io.tandem.bench;

import io.tandem.store.AppendRequest;
import io.tandem.store.Durability;
import io.tandem.store.MessageStore;
import io.tandem.store.ReadResult;
import io.tandem.store.ReadStatus;
import io.tandem.store.StoreConfig;
import io.tandem.store.StoreStatus;
import io.tandem.store.StoredMessage;
import io.tandem.store.engine.CommitLogMessageStore;
import io.tandem.store.engine.IoEngines;
import io.tandem.store.io.IoEngineKind;
import org.HdrHistogram.Histogram;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The store end to end in under a minute: appends 200,000 messages of 1 KiB from 16 threads, first with SYNC and
 * then with ASYNC durability, reads every one back and verifies it (content, queue order, exactly once), prints
 * throughput and append latency, and deletes what it wrote.
 *
 * <pre>
 * ./mvnw -q -DskipTests package
 * java --enable-native-access=ALL-UNNAMED -cp benchmarks/target/benchmarks.jar io.tandem.bench.StoreDemo [directory] [options]
 *
 *   directory        where to put the stores (must be empty or absent; kept afterwards). Default: a temporary
 *                    directory, deleted at the end
 *   --messages=N     messages per durability (default 200000)
 *   --threads=N      appending threads (default 16)
 *   --size=BYTES     body size (default 1024)
 *   --durability=D   SYNC, ASYNC or SYNC,ASYNC (default: both, SYNC first)
 *   --io-engine=E    auto (default: io_uring + O_DIRECT where it works), uring, pagecache or mmap
 *   --virtual        append from virtual threads instead of platform threads
 *   --help           this list
 * </pre>
 *
 * Exits with status 1 if a message is missing, duplicated, out of order or altered, 2 on bad arguments.
 */
public final class StoreDemo {

    static final String TOPIC = "demo";
    static final int QUEUES = 8;
    static final long SEGMENT_SIZE = 64L << 20;
    static final int WARMUP_MESSAGES = 20_000;

    /** What the demo does; see the class comment. */
    record Options(int messages, int threads, int bodySize, List<Durability> durabilities, IoEngineKind ioEngine,
                   boolean virtual) {

        Options withMessages(int n) {
            return new Options(n, threads, bodySize, durabilities, ioEngine, virtual);
        }
    }

    private final Options options;
    private final PrintStream out;

    StoreDemo(Options options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new Cli()).setCaseInsensitiveEnumValuesAllowed(true).execute(args));
    }

    /** The command line: picocli fills the fields, {@link #call()} checks them and runs the demo. */
    @Command(name = "StoreDemo", sortOptions = false, usageHelpWidth = 110,
            description = {"Appends messages to the store from several threads with SYNC and then ASYNC durability, "
                    + "reads every one back and verifies it, and prints throughput, append latency and the commit "
                    + "log's I/O.",
                    "Exit status: 0 all verified, 1 a message was lost, duplicated, reordered or altered, 2 bad arguments."})
    static final class Cli implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Parameters(arity = "0..1", paramLabel = "directory",
                description = "Where to put the stores (must be empty or absent; kept afterwards). "
                        + "Default: a temporary directory, deleted at the end.")
        Path directory;

        @Option(names = "--messages", paramLabel = "N", defaultValue = "200000", converter = WholeNumber.class,
                description = "Messages per durability (default: ${DEFAULT-VALUE}).")
        int messages;

        @Option(names = "--threads", paramLabel = "N", defaultValue = "16", converter = WholeNumber.class,
                description = "Appending threads (default: ${DEFAULT-VALUE}).")
        int threads;

        @Option(names = "--size", paramLabel = "BYTES", defaultValue = "1024", converter = WholeNumber.class,
                description = "Body size, at least 8 (default: ${DEFAULT-VALUE}).")
        int bodySize;

        @Option(names = "--durability", paramLabel = "D", split = ",", defaultValue = "SYNC,ASYNC",
                description = "SYNC, ASYNC or SYNC,ASYNC, run in that order (default: ${DEFAULT-VALUE}).")
        List<Durability> durabilities;

        @Option(names = "--io-engine", paramLabel = "E", defaultValue = "AUTO",
                description = "auto (io_uring + O_DIRECT where it works, else the page cache), uring, pagecache or "
                        + "mmap (default: auto).")
        IoEngineKind ioEngine;

        @Option(names = "--virtual", description = "Append from virtual threads instead of platform threads.")
        boolean virtual;

        @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
        boolean help;

        @Override
        public Integer call() throws Exception {
            atLeast("--messages", messages, 1);
            atLeast("--threads", threads, 1);
            atLeast("--size", bodySize, 8);
            Options options = new Options(messages, threads, bodySize, durabilities.stream().distinct().toList(),
                    ioEngine, virtual);

            Path directory = this.directory;
            boolean temporary = directory == null;
            if (temporary) {
                directory = BenchFiles.newScratchDirectory("tandem-demo-");
            } else if (Files.exists(directory)) {
                try (Stream<Path> entries = Files.list(directory)) {
                    if (entries.findAny().isPresent()) {
                        throw new ParameterException(spec.commandLine(),
                                directory + " is not empty; give an empty or new directory");
                    }
                }
            }
            boolean ok;
            try {
                ok = new StoreDemo(options, System.out).run(directory);
            } finally {
                if (temporary) {
                    BenchFiles.deleteRecursively(directory);
                }
            }
            if (!temporary) {
                System.out.println("The stores are kept in " + directory.toAbsolutePath());
            }
            return ok ? 0 : 1;
        }

        private void atLeast(String option, int value, int min) {
            if (value < min) {
                throw new ParameterException(spec.commandLine(),
                        option + "=" + value + ": expected a whole number of at least " + min);
            }
        }
    }

    /** A whole number that may be written with underscores: 200_000. */
    static final class WholeNumber implements CommandLine.ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            try {
                return Integer.parseInt(value.replace("_", ""));
            } catch (NumberFormatException e) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not a whole number");
            }
        }
    }

    /** Warms up, then runs SYNC and ASYNC; returns false if any verification failed. */
    boolean run(Path directory) throws Exception {
        long started = System.nanoTime();
        out.printf(Locale.ROOT, "Tandem StoreDemo: %,d messages of %,d bytes per durability, %d %s appender threads, "
                        + "%d queues, %d MiB segments, io-engine %s, store under %s%n",
                options.messages, options.bodySize, options.threads, options.virtual ? "virtual" : "platform", QUEUES,
                SEGMENT_SIZE >> 20, options.ioEngine.name().toLowerCase(Locale.ROOT), directory.toAbsolutePath());
        out.printf(Locale.ROOT, "%d CPUs, %s %s%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.name"), System.getProperty("java.version"));

        // Warm the JIT on a throwaway store so that the first measured run is not penalised.
        new StoreDemo(options.withMessages(Math.min(WARMUP_MESSAGES, options.messages)), out)
                .runOne(directory.resolve("warmup"), Durability.ASYNC);
        BenchFiles.deleteRecursively(directory.resolve("warmup"));

        List<Result> results = new ArrayList<>();
        for (Durability durability : options.durabilities) {
            results.add(runOne(directory.resolve(durability.name().toLowerCase(Locale.ROOT)), durability));
        }

        out.println();
        out.println("durability  engine     appends/s   MB/s  p50 µs  p99 µs  p99.9 µs  max µs    reads/s  read MB/s  verified");
        for (Result r : results) {
            out.printf(Locale.ROOT, "%-10s  %-9s %10s %6.1f %7s %7s %9s %7s %10s %10.1f  %s%n",
                    r.durability, r.engine, grouped(r.appendsPerSecond()), r.appendMegabytesPerSecond(options.bodySize),
                    micros(r.latency.getValueAtPercentile(50)), micros(r.latency.getValueAtPercentile(99)),
                    micros(r.latency.getValueAtPercentile(99.9)), micros(r.latency.getMaxValue()),
                    grouped(r.readsPerSecond()), r.readMegabytesPerSecond(options.bodySize),
                    r.problems.isEmpty() ? "all " + grouped(r.verified) : "FAILED");
        }
        out.println();
        out.println("Commit log file I/O during the append phase (the flush thread's work):");
        for (Result r : results) {
            IoCounts io = r.io;
            double seconds = r.appendNanos / 1e9;
            out.printf(Locale.ROOT, "%-6s %,7d fdatasyncs (mean %s µs, max %s µs, busy %.0f%% of the phase, %.1f appends each);"
                            + " %,d writes of %.0f KiB mean (mean %s µs, max %s µs); %d segment files created (mean %.1f ms)%n",
                    r.durability, io.forces, micros(io.forces == 0 ? 0 : io.forceNanos / io.forces), micros(io.maxForceNanos),
                    100.0 * io.forceNanos / 1e9 / seconds, io.forces == 0 ? 0.0 : (double) r.messages / io.forces,
                    io.writes, io.writes == 0 ? 0.0 : io.writtenBytes / 1024.0 / io.writes,
                    micros(io.writes == 0 ? 0 : io.writeNanos / io.writes), micros(io.maxWriteNanos), io.opens,
                    io.opens == 0 ? 0.0 : io.openNanos / 1e6 / io.opens);
        }
        out.println();
        out.println("Dispatcher (feeds the consume queues, so readers see a message only after it):");
        for (Result r : results) {
            out.printf(Locale.ROOT, "%-6s when the last append returned it was %.1f MB behind and caught up %.0f ms later%n",
                    r.durability, r.dispatchLag / 1e6, r.catchUpNanos / 1e6);
        }
        out.println("(MB = 10^6 bytes of message body; latency = append(...).join() per message; "
                + "reads = 1 thread, batches of 256, each message verified)");
        out.println("(the store holds appenders back while the flusher or the dispatcher is a whole tail cache behind; "
                + "that wait is part of the append latency)");
        if (results.size() == 2 && results.get(0).durability == Durability.SYNC && results.get(1).durability == Durability.ASYNC) {
            out.printf(Locale.ROOT, "SYNC/ASYNC append throughput at %d threads: %.0f%%%n", options.threads,
                    100.0 * results.get(0).appendsPerSecond() / results.get(1).appendsPerSecond());
        }
        out.printf(Locale.ROOT, "Total time %.1f s%n", (System.nanoTime() - started) / 1e9);

        boolean ok = true;
        for (Result r : results) {
            for (String problem : r.problems) {
                out.println(r.durability + ": " + problem);
                ok = false;
            }
        }
        return ok;
    }

    private Result runOne(Path directory, Durability durability) throws Exception {
        // The engine the io-engine setting picks (as MessageStore.open would), wrapped to count its file calls.
        CountingIoEngine engine = new CountingIoEngine(IoEngines.create(options.ioEngine, directory.resolve("commitlog")));
        StoreConfig config = StoreConfig.builder(directory)
                .durability(durability)
                .segmentSize(SEGMENT_SIZE)
                .ioEngineFactory(() -> engine)
                .build();
        try (MessageStore store = CommitLogMessageStore.open(config)) {
            Histogram latency = new Histogram(3);
            engine.resetMaxima();
            IoCounts before = IoCounts.of(engine);
            long appendStart = System.nanoTime();
            List<Histogram> perThread = appendAll(store);
            long appendNanos = System.nanoTime() - appendStart;
            IoCounts io = IoCounts.of(engine).minus(before);
            perThread.forEach(latency::add);

            StoreStatus appended = store.status();
            long dispatchLag = appended.writePosition() - appended.dispatchedPosition();
            long catchUpStart = System.nanoTime();
            awaitDispatched(store);
            long catchUpNanos = System.nanoTime() - catchUpStart;
            long readStart = System.nanoTime();
            List<String> problems = new ArrayList<>();
            long verified = readAndVerify(store, problems);
            long readNanos = System.nanoTime() - readStart;
            StoreStatus status = store.status();
            if (status.failed()) {
                problems.add("the store reports a failure: " + status);
            }
            return new Result(durability, status.ioEngine(), latency, appendNanos, readNanos, verified, problems,
                    options.messages, io, dispatchLag, catchUpNanos);
        }
    }

    /**
     * Each thread appends its share, one message at a time, to queue {@code thread % QUEUES}. The latency is that
     * of {@code append(...).join()}, including any wait for tail cache space inside {@code append}.
     */
    private List<Histogram> appendAll(MessageStore store) throws InterruptedException, ExecutionException {
        ThreadFactory factory = options.virtual ? Thread.ofVirtual().name("demo-appender-", 0).factory()
                : Thread.ofPlatform().name("demo-appender-", 0).factory();
        List<Callable<Histogram>> tasks = new ArrayList<>();
        for (int t = 0; t < options.threads; t++) {
            int thread = t;
            tasks.add(() -> {
                Histogram histogram = new Histogram(3);
                int queueId = thread % QUEUES;
                int count = share(thread);
                for (int seq = 0; seq < count; seq++) {
                    byte[] body = body(thread, seq, options.bodySize);
                    long start = System.nanoTime();
                    store.append(AppendRequest.of(TOPIC, queueId, body)).join();
                    histogram.recordValue(System.nanoTime() - start);
                }
                return histogram;
            });
        }
        List<Histogram> histograms = new ArrayList<>();
        try (ExecutorService executor = Executors.newThreadPerTaskExecutor(factory)) {
            for (Future<Histogram> future : executor.invokeAll(tasks)) {
                histograms.add(future.get());
            }
        }
        return histograms;
    }

    private int share(int thread) {
        return options.messages / options.threads + (thread < options.messages % options.threads ? 1 : 0);
    }

    private static void awaitDispatched(MessageStore store) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (store.status().dispatchedPosition() < store.status().writePosition()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("appended records not dispatched after 120 s: " + store.status());
            }
            Thread.sleep(1);
        }
    }

    /**
     * Reads every queue from offset 0 and checks that each thread's messages are all there, once, in the order
     * it appended them, with the exact body it appended.
     */
    private long readAndVerify(MessageStore store, List<String> problems) {
        int threads = options.threads;
        int bodySize = options.bodySize;
        int[] nextSeq = new int[threads];
        long verified = 0;
        for (int queueId = 0; queueId < QUEUES && queueId < threads; queueId++) {
            long offset = 0;
            while (problems.size() < 10) {
                ReadResult result = store.read(TOPIC, queueId, offset, 256, 1 << 20);
                if (result.status() == ReadStatus.NO_NEW_MESSAGE) {
                    break;
                }
                if (result.status() != ReadStatus.FOUND) {
                    problems.add("queue " + queueId + " offset " + offset + ": read returned " + result.status());
                    break;
                }
                for (StoredMessage message : result.messages()) {
                    byte[] body = message.body();
                    int thread = body.length >= 8 ? readInt(body, 0) : -1;
                    int seq = body.length >= 8 ? readInt(body, 4) : -1;
                    if (thread < 0 || thread >= threads || thread % QUEUES != queueId) {
                        problems.add("queue " + queueId + " offset " + offset + ": message from unknown appender " + thread);
                    } else if (seq != nextSeq[thread]) {
                        problems.add("queue " + queueId + " offset " + offset + ": appender " + thread + " message " + seq
                                + " where " + nextSeq[thread] + " was expected (lost, duplicated or reordered)");
                        nextSeq[thread] = seq + 1;
                    } else if (message.queueOffset() != offset || message.queueId() != queueId
                            || !message.topic().equals(TOPIC) || !Arrays.equals(body, body(thread, seq, bodySize))) {
                        problems.add("queue " + queueId + " offset " + offset + ": " + message + " differs from what was appended");
                        nextSeq[thread]++;
                    } else {
                        nextSeq[thread]++;
                        verified++;
                    }
                    offset++;
                }
            }
        }
        for (int thread = 0; thread < threads && problems.size() < 10; thread++) {
            if (nextSeq[thread] != share(thread)) {
                problems.add("appender " + thread + ": read back " + nextSeq[thread] + " of its " + share(thread) + " messages");
            }
        }
        return verified;
    }

    /** The body appender {@code thread} sends as its message {@code seq}: both numbers, then a pattern from them. */
    static byte[] body(int thread, int seq, int size) {
        byte[] body = new byte[size];
        writeInt(body, 0, thread);
        writeInt(body, 4, seq);
        long x = ((long) thread << 32 | seq) * 0x9E3779B97F4A7C15L;
        for (int i = 8; i < size; i++) {
            if ((i & 7) == 0) {
                x ^= x >>> 29;
                x *= 0xBF58476D1CE4E5B9L;
                x ^= x >>> 32;
            }
            body[i] = (byte) (x >>> ((i & 7) << 3));
        }
        return body;
    }

    private static void writeInt(byte[] array, int at, int value) {
        array[at] = (byte) (value >>> 24);
        array[at + 1] = (byte) (value >>> 16);
        array[at + 2] = (byte) (value >>> 8);
        array[at + 3] = (byte) value;
    }

    private static int readInt(byte[] array, int at) {
        return (array[at] & 0xFF) << 24 | (array[at + 1] & 0xFF) << 16 | (array[at + 2] & 0xFF) << 8 | (array[at + 3] & 0xFF);
    }

    /** Microseconds, with a decimal below 10 µs (ASYNC appends take about one). */
    private static String micros(long nanos) {
        double micros = nanos / 1000.0;
        return micros < 10 ? String.format(Locale.ROOT, "%.1f", micros) : grouped(Math.round(micros));
    }

    private static String grouped(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }

    /** The engine's counters at one moment. */
    private record IoCounts(long writes, long writeNanos, long maxWriteNanos, long writtenBytes, long forces,
                            long forceNanos, long maxForceNanos, long opens, long openNanos) {

        static IoCounts of(CountingIoEngine engine) {
            return new IoCounts(engine.writes.sum(), engine.writeNanos.sum(), engine.maxWriteNanos.get(),
                    engine.writtenBytes.sum(), engine.forces.sum(), engine.forceNanos.sum(), engine.maxForceNanos.get(),
                    engine.opens.sum(), engine.openNanos.sum());
        }

        /** The sums since {@code earlier}; the maxima are this snapshot's (reset at the start of the phase). */
        IoCounts minus(IoCounts earlier) {
            return new IoCounts(writes - earlier.writes, writeNanos - earlier.writeNanos, maxWriteNanos,
                    writtenBytes - earlier.writtenBytes, forces - earlier.forces, forceNanos - earlier.forceNanos,
                    maxForceNanos, opens - earlier.opens, openNanos - earlier.openNanos);
        }
    }

    private record Result(Durability durability, String engine, Histogram latency, long appendNanos, long readNanos,
                          long verified, List<String> problems, int messages, IoCounts io, long dispatchLag,
                          long catchUpNanos) {

        long appendsPerSecond() {
            return Math.round(messages * 1e9 / appendNanos);
        }

        double appendMegabytesPerSecond(int bodySize) {
            return (double) messages * bodySize / 1e6 / (appendNanos / 1e9);
        }

        long readsPerSecond() {
            return Math.round(messages * 1e9 / readNanos);
        }

        double readMegabytesPerSecond(int bodySize) {
            return (double) messages * bodySize / 1e6 / (readNanos / 1e9);
        }
    }
}
