package io.tandem.store.io.uring;

import io.tandem.store.io.IoEngine;
import io.tandem.store.io.IoFile;
import io.tandem.store.io.PageCacheIoEngine;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Latency of append + force, the store's synchronous-durability path, for both {@link UringIoEngine.SyncMode}s
 * and, for reference, the page-cache engine. Not a test: run by hand, e.g.
 * {@code java --enable-native-access=ALL-UNNAMED -cp <test and main classes, slf4j> ...ForceLatencyBenchmark
 * /path/on/the/disk/to/measure [iterations [rounds [scenarios]]]}, where scenarios is a comma-separated list of
 * {@code <append bytes>x<appends per force>}, e.g. {@code 16384x1,1024x1} (default {@code 1024x1,65536x1,16384x32}).
 */
public final class ForceLatencyBenchmark {

    private ForceLatencyBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        Path directory = Path.of(args.length > 0 ? args[0] : System.getProperty("java.io.tmpdir"));
        int iterations = args.length > 1 ? Integer.parseInt(args[1]) : 3000;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        int warmup = iterations / 10;
        String[] names = {"uring DSYNC_WRITES", "uring LINKED_FSYNC", "pagecache"};
        List<Supplier<IoEngine>> engines = List.of(
                () -> new UringIoEngine(UringIoEngine.SyncMode.DSYNC_WRITES),
                () -> new UringIoEngine(UringIoEngine.SyncMode.LINKED_FSYNC),
                PageCacheIoEngine::new);
        int[][] scenarios = parseScenarios(args.length > 3 ? args[3] : "1024x1,65536x1,16384x32");
        for (int[] scenario : scenarios) {
            int size = scenario[0];
            int batch = scenario[1];
            long[][] samples = new long[names.length][];
            for (int round = 0; round < rounds; round++) {
                // Alternate the order so that drift of the disk does not favour one engine.
                for (int k = 0; k < names.length; k++) {
                    int e = (round % 2 == 0) ? k : names.length - 1 - k;
                    samples[e] = concat(samples[e], measure(engines.get(e), directory, size, batch,
                            iterations / batch, warmup / batch));
                }
            }
            System.out.printf(Locale.ROOT, "%-20s %6s %10s %10s %10s   (%d x %d forces after %d append(s) each)%n",
                    "engine", "append", "median us", "p90 us", "p99 us", rounds, iterations / batch, batch);
            for (int e = 0; e < names.length; e++) {
                long[] all = samples[e];
                Arrays.sort(all);
                System.out.printf(Locale.ROOT, "%-20s %5dK %10.1f %10.1f %10.1f%n", names[e], size >> 10,
                        all[all.length / 2] / 1e3, all[all.length * 9 / 10] / 1e3, all[all.length * 99 / 100] / 1e3);
            }
        }
    }

    private static int[][] parseScenarios(String spec) {
        String[] parts = spec.split(",");
        int[][] scenarios = new int[parts.length][];
        for (int i = 0; i < parts.length; i++) {
            String[] sizeAndBatch = parts[i].trim().split("x");
            scenarios[i] = new int[] {Integer.parseInt(sizeAndBatch[0]), Integer.parseInt(sizeAndBatch[1])};
        }
        return scenarios;
    }

    private static long[] concat(long[] first, long[] second) {
        if (first == null) {
            return second;
        }
        long[] all = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, all, first.length, second.length);
        return all;
    }

    private static long[] measure(Supplier<IoEngine> engines, Path directory, int size, int batch, int iterations,
                                  int warmup) throws IOException {
        Path path = Files.createTempFile(directory, "force-latency-", ".log");
        Files.delete(path);
        long capacity = ((long) size * batch * (iterations + warmup) + (1 << 20)) & -4096L;
        long[] nanos = new long[iterations];
        try (Arena arena = Arena.ofConfined();
             IoEngine engine = engines.get();
             IoFile file = engine.open(path, capacity)) {
            MemorySegment record = arena.allocate(size);
            long offset = 0;
            for (int i = 0; i < warmup + iterations; i++) {
                record.fill((byte) i);
                long start = System.nanoTime();
                for (int b = 0; b < batch; b++) {
                    file.write(offset, record);
                    offset += size;
                }
                file.force();
                long elapsed = System.nanoTime() - start;
                if (i >= warmup) {
                    nanos[i - warmup] = elapsed;
                }
            }
        } finally {
            Files.deleteIfExists(path);
        }
        return nanos;
    }
}
