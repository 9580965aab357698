package io.tandem.bench;

import io.tandem.store.AppendRequest;
import io.tandem.store.Durability;
import io.tandem.store.MessageStore;
import io.tandem.store.ReadResult;
import io.tandem.store.ReadStatus;
import io.tandem.store.StoreConfig;
import io.tandem.store.StoredMessage;
import io.tandem.store.engine.CommitLogMessageStore;
import io.tandem.store.io.IoEngineKind;
import org.openjdk.jmh.annotations.AuxCounters;
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

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Consumer reads: a queue pre-filled with 200,000 records of 1 KiB, read in batches of 32 from random offsets.
 *
 * <ul>
 *   <li>{@code region=tail}: offsets among the newest 32,768 records (about 36 MB), all inside the 64 MiB
 *       off-heap tail cache: the hot path of consumers that keep up.</li>
 *   <li>{@code region=file}: offsets among the oldest 100,000 records, long gone from the tail cache and read
 *       from the segment file: lagging consumers. With the page-cache engine the kernel's page cache serves them
 *       (the machine has the RAM); with io_uring + O_DIRECT every read goes to the device.</li>
 * </ul>
 *
 * <p>The score is batches/s; the {@code payloadBytes} and {@code messages} counters are rates too (bytes/s and
 * messages/s), so MB/s = payloadBytes / 10^6.
 */
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow", "-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
public class StoreTailReadBenchmark {

    static final String TOPIC = "bench-read";
    static final int QUEUE_ID = 0;
    static final int RECORDS = 200_000;
    static final int BODY_SIZE = 1024;
    static final int BATCH = 32;
    static final int TAIL_WINDOW = 32_768;
    static final int FILE_WINDOW = 100_000;
    static final long TAIL_CACHE_SIZE = 64L << 20;

    @State(Scope.Benchmark)
    public static class FilledStore {

        @Param({"tail", "file"})
        public String region;

        /** The store's io-engine setting (see StoreAppendBenchmark). With io_uring the file reads bypass the page cache. */
        @Param({"AUTO"})
        public IoEngineKind ioEngine;

        Path directory;
        MessageStore store;
        long windowStart;
        int windowLength;

        @Setup(Level.Trial)
        public void fill() throws IOException, InterruptedException {
            directory = BenchFiles.newScratchDirectory("tandem-read-");
            store = CommitLogMessageStore.open(StoreConfig.builder(directory)
                    .durability(Durability.ASYNC)
                    .ioEngine(ioEngine)
                    .segmentSize(256L << 20)
                    .tailCacheSize(TAIL_CACHE_SIZE)
                    .build());
            byte[] body = new byte[BODY_SIZE];
            List<AppendRequest> batch = new ArrayList<>(100);
            for (int i = 0; i < RECORDS; i++) {
                body[i % BODY_SIZE] = (byte) i;
                batch.add(AppendRequest.of(TOPIC, QUEUE_ID, body.clone()));
                if (batch.size() == 100) {
                    store.appendBatch(batch).join();
                    batch.clear();
                }
            }
            if (!batch.isEmpty()) {
                store.appendBatch(batch).join();
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (store.maxOffset(TOPIC, QUEUE_ID) < RECORDS) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("records not dispatched after 60 s: " + store.status());
                }
                Thread.sleep(1);
            }
            System.out.println("store: io-engine " + ioEngine + " -> " + store.status().ioEngine() + ", "
                    + RECORDS + " records, reading region " + region);
            switch (region) {
                case "tail" -> {
                    windowStart = RECORDS - TAIL_WINDOW;
                    windowLength = TAIL_WINDOW;
                }
                case "file" -> {
                    windowStart = 0;
                    windowLength = FILE_WINDOW;
                }
                default -> throw new IllegalArgumentException("region must be tail or file, was " + region);
            }
        }

        @TearDown(Level.Trial)
        public void closeAndDelete() throws IOException {
            try {
                store.close();
            } finally {
                BenchFiles.deleteRecursively(directory);
            }
        }
    }

    /** Per reading thread: its random offsets and its counters (reported as rates by JMH). */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Reader {

        private final SplittableRandom random = new SplittableRandom(42);
        public long payloadBytes;
        public long messages;

        @Setup(Level.Iteration)
        public void reset() {
            payloadBytes = 0;
            messages = 0;
        }

        long nextOffset(FilledStore store) {
            return store.windowStart + random.nextInt(store.windowLength - BATCH + 1);
        }
    }

    @Benchmark
    public ReadResult readBatchOf32(FilledStore state, Reader reader) {
        long offset = reader.nextOffset(state);
        ReadResult result = state.store.read(TOPIC, QUEUE_ID, offset, BATCH, 1 << 20);
        List<StoredMessage> messages = result.messages();
        if (result.status() != ReadStatus.FOUND || messages.size() != BATCH) {
            throw new IllegalStateException("read of " + BATCH + " at offset " + offset + " returned " + result.status()
                    + " with " + messages.size() + " messages");
        }
        long bytes = 0;
        for (StoredMessage message : messages) {
            bytes += message.bodyLength();
        }
        reader.payloadBytes += bytes;
        reader.messages += messages.size();
        return result;
    }
}
