package io.tandem.bench;

import io.tandem.store.AppendRequest;
import io.tandem.store.Durability;
import io.tandem.store.MessageStore;
import io.tandem.store.StoreConfig;
import io.tandem.store.engine.CommitLogMessageStore;
import io.tandem.store.engine.IoEngines;
import io.tandem.store.io.IoEngine;
import io.tandem.store.io.IoEngineKind;
import org.HdrHistogram.Histogram;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The three ways to make appends durable, side by side in one run: the page-cache engine (pwrite +
 * fdatasync), the mmap engine (copy + msync) and the io_uring engine (O_DIRECT writes linked to fdatasync), each
 * behind the same store with SYNC durability, at several appender counts and record sizes. Each appender appends
 * one record and waits for its acknowledgement, so throughput comes from group commit alone. Prints one line per
 * case as it goes and a Markdown table at the end.
 *
 * <pre>
 * ./mvnw -q -DskipTests package
 * java --enable-native-access=ALL-UNNAMED -cp benchmarks/target/benchmarks.jar io.tandem.bench.DurableAppendComparison [options]
 * </pre>
 *
 * The defaults (3 engines × 2 sizes × 4 appender counts × 2 rounds of 1.5 + 5 s) take about 6–7 minutes; {@code --help}
 * lists the options.
 */
@Command(name = "DurableAppendComparison", sortOptions = false,
        description = "Compares SYNC append throughput and latency of the store's I/O engines in one run.")
public final class DurableAppendComparison implements Callable<Integer> {

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Option(names = "--engines", split = ",", defaultValue = "pagecache,mmap,uring", description = "engines to compare: pagecache, mmap, uring (default: ${DEFAULT-VALUE})")
    List<IoEngineKind> engines;

    @Option(names = "--sizes", split = ",", defaultValue = "1024,4096", description = "record body sizes in bytes (default: ${DEFAULT-VALUE})")
    List<Integer> sizes;

    @Option(names = "--threads", split = ",", defaultValue = "1,4,16,64", description = "concurrent appenders (default: ${DEFAULT-VALUE})")
    List<Integer> threads;

    @Option(names = "--seconds", defaultValue = "5", description = "measured seconds per case (default: ${DEFAULT-VALUE})")
    double seconds;

    @Option(names = "--warmup", defaultValue = "1.5", description = "warm-up seconds per case (default: ${DEFAULT-VALUE})")
    double warmup;

    @Option(names = "--rounds", defaultValue = "2", description = "times each case is run (engines interleaved); the median round is reported, "
            + "with an even count the faster of the middle two (default: ${DEFAULT-VALUE})")
    int rounds;

    @Option(names = "--dir", description = "a directory on the disk to measure; the stores go into a new subdirectory of it, "
            + "deleted at the end (default: -Dtandem.bench.dir, else java.io.tmpdir)")
    Path directory;

    record Result(IoEngineKind engine, int size, int threads, double messagesPerSecond, double megabytesPerSecond,
                  double p50Us, double p99Us, double p999Us, double recordsPerSync, double meanSyncUs) {
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new DurableAppendComparison()).setCaseInsensitiveEnumValuesAllowed(true).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        // Always a new directory of our own: it is deleted recursively at the end.
        Path root = directory != null ? Files.createTempDirectory(Files.createDirectories(directory), "tandem-durable-append-")
                : BenchFiles.newScratchDirectory("tandem-durable-append-");
        System.out.printf(Locale.ROOT, "durable append comparison: SYNC durability, %s s per case after %s s warm-up, %d round(s), in %s%n",
                seconds, warmup, rounds, root);
        Map<String, List<Result>> byCase = new LinkedHashMap<>();
        try {
            for (int round = 0; round < rounds; round++) {
                for (int size : sizes) {
                    for (int threadCount : threads) {
                        for (IoEngineKind engine : engines) {
                            Result result = runCase(root, engine, size, threadCount);
                            byCase.computeIfAbsent(engine + "/" + size + "/" + threadCount, k -> new ArrayList<>()).add(result);
                            System.out.printf(Locale.ROOT, "  round %d %-9s %5d B %3d appenders: %9.0f msg/s %7.1f MB/s p50 %7.1f us p99 %8.1f us p999 %8.1f us, %.1f records/sync%n",
                                    round + 1, engine.name().toLowerCase(Locale.ROOT), size, threadCount, result.messagesPerSecond(),
                                    result.megabytesPerSecond(), result.p50Us(), result.p99Us(), result.p999Us(), result.recordsPerSync());
                        }
                    }
                }
            }
        } finally {
            BenchFiles.deleteRecursively(root);
        }
        printTable(byCase);
        return 0;
    }

    private Result runCase(Path root, IoEngineKind kind, int size, int threadCount) throws Exception {
        Path storeDirectory = Files.createTempDirectory(root, kind.name().toLowerCase(Locale.ROOT));
        CountingIoEngine[] engine = new CountingIoEngine[1];
        StoreConfig config = StoreConfig.builder(storeDirectory)
                .durability(Durability.SYNC)
                .segmentSize(256L << 20)
                .retentionBytes(1L << 30)
                .ioEngineFactory(() -> {
                    try {
                        IoEngine created = IoEngines.create(kind, storeDirectory.resolve("commitlog"));
                        engine[0] = new CountingIoEngine(created);
                        return engine[0];
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                })
                .build();
        try (MessageStore store = CommitLogMessageStore.open(config)) {
            byte[] body = new byte[size];
            for (int i = 0; i < size; i++) {
                body[i] = (byte) (i * 31);
            }
            Histogram[] histograms = new Histogram[threadCount];
            long[] counts = new long[threadCount];
            long warmupEnd = System.nanoTime() + (long) (warmup * 1e9);
            long end = warmupEnd + (long) (seconds * 1e9);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            CountDownLatch done = new CountDownLatch(threadCount);
            for (int t = 0; t < threadCount; t++) {
                int index = t;
                histograms[t] = new Histogram(3_600_000_000L, 3);
                Thread.ofPlatform().daemon(true).name("appender-" + t).start(() -> {
                    try {
                        AppendRequest request = AppendRequest.of("bench", index % 8, body);
                        boolean measuring = false;
                        while (true) {
                            long start = System.nanoTime();
                            if (start >= end) {
                                break;
                            }
                            if (!measuring && start >= warmupEnd) {
                                measuring = true;
                            }
                            store.append(request).join();
                            if (measuring) {
                                histograms[index].recordValue(Math.max(1, (System.nanoTime() - start) / 1000));
                                counts[index]++;
                            }
                        }
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                    } finally {
                        done.countDown();
                    }
                });
            }
            // The fdatasyncs of the measured window: snapshot at the end of the warm-up and when all appenders are done.
            long untilWarmupEnd;
            while ((untilWarmupEnd = warmupEnd - System.nanoTime()) > 0) {
                TimeUnit.NANOSECONDS.sleep(untilWarmupEnd);
            }
            long syncsAtStart = engine[0].forces.sum();
            long syncNanosAtStart = engine[0].forceNanos.sum();
            done.await();
            if (failure.get() != null) {
                throw new IllegalStateException(kind + ", " + size + " B, " + threadCount + " appenders: an append failed",
                        failure.get());
            }
            long syncs = engine[0].forces.sum() - syncsAtStart;
            long syncNanos = engine[0].forceNanos.sum() - syncNanosAtStart;
            Histogram all = new Histogram(3_600_000_000L, 3);
            long total = 0;
            for (int t = 0; t < threadCount; t++) {
                all.add(histograms[t]);
                total += counts[t];
            }
            double perSecond = total / seconds;
            return new Result(kind, size, threadCount, perSecond, perSecond * size / 1e6,
                    all.getValueAtPercentile(50), all.getValueAtPercentile(99), all.getValueAtPercentile(99.9),
                    syncs == 0 ? 0 : (double) total / syncs, syncs == 0 ? 0 : syncNanos / 1e3 / syncs);
        } finally {
            BenchFiles.deleteRecursively(storeDirectory);
        }
    }

    private void printTable(Map<String, List<Result>> byCase) {
        System.out.println();
        System.out.println("| record | appenders | engine | msg/s | MB/s | p50 µs | p99 µs | p999 µs | records per sync | mean sync µs | vs pagecache |");
        System.out.println("|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (int size : sizes) {
            for (int threadCount : threads) {
                Result baseline = median(byCase.get(IoEngineKind.PAGECACHE + "/" + size + "/" + threadCount));
                for (IoEngineKind engine : engines) {
                    Result r = median(byCase.get(engine + "/" + size + "/" + threadCount));
                    String ratio = baseline == null ? "" : String.format(Locale.ROOT, "%.2f×", r.messagesPerSecond() / baseline.messagesPerSecond());
                    System.out.printf(Locale.ROOT, "| %d B | %d | %s | %.0f | %.1f | %.0f | %.0f | %.0f | %.1f | %.0f | %s |%n",
                            size, threadCount, engine.name().toLowerCase(Locale.ROOT), r.messagesPerSecond(), r.megabytesPerSecond(),
                            r.p50Us(), r.p99Us(), r.p999Us(), r.recordsPerSync(), r.meanSyncUs(), ratio);
                }
            }
        }
    }

    /** The round with the median throughput. */
    private static Result median(List<Result> results) {
        if (results == null || results.isEmpty()) {
            return null;
        }
        List<Result> sorted = new ArrayList<>(results);
        sorted.sort((a, b) -> Double.compare(a.messagesPerSecond(), b.messagesPerSecond()));
        return sorted.get(sorted.size() / 2);
    }
}
