package io.tandem.bench;

import io.tandem.store.AppendRequest;
import io.tandem.store.AppendResult;
import io.tandem.store.Durability;
import io.tandem.store.MessageStore;
import io.tandem.store.StoreConfig;
import io.tandem.store.StoreStatus;
import io.tandem.store.engine.CommitLogMessageStore;
import io.tandem.store.io.IoEngineKind;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.ThreadParams;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Appends of 1 KiB records to a fresh store, each waited for ({@code append(...).join()}), with ASYNC and SYNC
 * durability from 1, 4 and 16 threads. Thread {@code i} appends to queue {@code i % 8} of one topic.
 *
 * <p>Every thread count has two methods: {@code throughput_tNN} (ops/s, all threads together) and
 * {@code latency_tNN} (sampled time per append, with p50/p90/p99/p99.9 in µs). One command runs all twelve
 * combinations: {@code java --enable-native-access=ALL-UNNAMED -jar benchmarks/target/benchmarks.jar StoreAppend}.
 * The I/O engine is the store's default ({@code AUTO}); each trial prints the one it got.
 *
 * <p><b>Back-pressure.</b> The store acknowledges an ASYNC append once the record is written to its segment file
 * (the flusher's next pass, shared by every append waiting meanwhile), and an appender also waits inside
 * {@code append} while the flusher or the dispatcher (which feeds the consume queues) is a
 * whole tail cache behind, so the dispatcher always reads from memory and the ASYNC score is a sustainable rate;
 * those waits show up in the far tail of the sampled ASYNC latencies. Each measurement iteration prints how far
 * the dispatcher is behind at its end.
 *
 * <p>Disk use stays bounded: segments of 256 MiB, retention capped at two segments (the smallest
 * cap the store accepts) and run every 500 ms, consume queue files of 8 MiB: about 1 GiB at most. The store
 * directory lives under {@code java.io.tmpdir} (or {@code -Dtandem.bench.dir}, passed to the fork with
 * {@code -jvmArgsAppend}) and is deleted after each trial.
 */
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow", "-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
public class StoreAppendBenchmark {

    static final String TOPIC = "bench-append";
    static final int BODY_SIZE = 1024;
    static final int QUEUES = 8;
    static final long SEGMENT_SIZE = 256L << 20;
    static final long RETENTION_BYTES = 2 * SEGMENT_SIZE;

    /** One store per trial (one benchmark method and durability), shared by all its threads. */
    @State(Scope.Benchmark)
    public static class StoreState {

        @Param({"ASYNC", "SYNC"})
        public Durability durability;

        /** The store's io-engine setting; AUTO picks io_uring + O_DIRECT where it works. Compare with -p ioEngine=URING,PAGECACHE,MMAP. */
        @Param({"AUTO"})
        public IoEngineKind ioEngine;

        Path directory;
        MessageStore store;

        @Setup(Level.Trial)
        public void open() throws IOException {
            directory = BenchFiles.newScratchDirectory("tandem-append-" + durability.name().toLowerCase() + "-");
            store = CommitLogMessageStore.open(StoreConfig.builder(directory)
                    .durability(durability)
                    .ioEngine(ioEngine)
                    .segmentSize(SEGMENT_SIZE)
                    .retentionBytes(RETENTION_BYTES)
                    .housekeepingInterval(Duration.ofMillis(500))
                    .consumeQueueFileEntries(1 << 18)
                    .build());
            System.out.println("store: " + durability + ", io-engine " + ioEngine + " -> " + store.status().ioEngine()
                    + ", in " + directory);
        }

        @TearDown(Level.Iteration)
        public void report() {
            StoreStatus status = store.status();
            System.out.printf(Locale.ROOT, "  [dispatch lag now %.1f MiB; log %.0f MiB on disk]%n",
                    (status.writePosition() - status.dispatchedPosition()) / 1048576.0,
                    (status.writePosition() - status.minPosition()) / 1048576.0);
        }

        @TearDown(Level.Trial)
        public void closeAndDelete() throws IOException {
            try {
                StoreStatus status = store.status();
                long start = System.nanoTime();
                store.close();
                StoreStatus closed = store.status();
                System.out.printf(Locale.ROOT, "  [close took %.1f s]%n", (System.nanoTime() - start) / 1e9);
                if (status.failed()) {
                    throw new IllegalStateException("the store failed during the benchmark: " + status);
                }
                if (closed.failed()) {
                    // Seen with the page-cache engine when close() interrupted a retention run: not the benchmark's doing.
                    System.out.println("  WARNING: the store reports a failure after close(): " + closed);
                }
            } finally {
                BenchFiles.deleteRecursively(directory);
            }
        }
    }

    /** Per appending thread: its queue and a 1 KiB body. */
    @State(Scope.Thread)
    public static class Producer {

        int queueId;
        byte[] body;

        @Setup(Level.Trial)
        public void setUp(ThreadParams threads) {
            queueId = threads.getThreadIndex() % QUEUES;
            body = new byte[BODY_SIZE];
            Arrays.fill(body, (byte) ('a' + queueId));
        }
    }

    private static AppendResult append(StoreState state, Producer producer) {
        return state.store.append(AppendRequest.of(TOPIC, producer.queueId, producer.body)).join();
    }

    // ---- throughput: ops/s summed over the threads ------------------------------------------------------------

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @Threads(1)
    public AppendResult throughput_t01(StoreState state, Producer producer) {
        return append(state, producer);
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @Threads(4)
    public AppendResult throughput_t04(StoreState state, Producer producer) {
        return append(state, producer);
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @Threads(16)
    public AppendResult throughput_t16(StoreState state, Producer producer) {
        return append(state, producer);
    }

    // ---- latency: sampled time per append (p50/p99 in the JMH report) -----------------------------------------

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @Threads(1)
    public AppendResult latency_t01(StoreState state, Producer producer) {
        return append(state, producer);
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @Threads(4)
    public AppendResult latency_t04(StoreState state, Producer producer) {
        return append(state, producer);
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @Threads(16)
    public AppendResult latency_t16(StoreState state, Producer producer) {
        return append(state, producer);
    }
}
