package io.tandem.store.io.uring;

import io.tandem.store.io.IoFile;
import io.tandem.store.io.uring.UringIoEngine.Options;
import io.tandem.store.io.uring.UringIoEngine.SyncMode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

class UringIoEngineTest {

    private static final long CAPACITY = 1 << 20;

    @TempDir
    Path dir;

    @BeforeAll
    static void uringIsUsableHere(@TempDir Path probeDir) {
        assumeThat(UringIoEngine.probe(probeDir)).as("io_uring + O_DIRECT usable in the test environment").isEmpty();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 4095, 4096, 4097, 8191, 8192, 8193, 12_345, 300_000})
    void writesOfAnyLengthReadBackAtEveryAlignment(int length) throws IOException {
        byte[] model = new byte[(int) CAPACITY];
        try (UringIoEngine engine = new UringIoEngine();
             IoFile file = engine.open(dir.resolve("edges"), CAPACITY)) {
            long offset = 0;
            Random random = new Random(length);
            // Sequential writes of the same length starting at varying alignments, then reads of each.
            List<long[]> written = new ArrayList<>();
            while (offset + length <= CAPACITY && written.size() < 6) {
                write(file, model, offset, randomBytes(random, length));
                written.add(new long[] {offset, length});
                offset += length;
            }
            for (long[] range : written) {
                assertThat(read(file, range[0], (int) range[1]))
                        .isEqualTo(Arrays.copyOfRange(model, (int) range[0], (int) (range[0] + range[1])));
            }
            assertThat(read(file, 0, (int) offset)).isEqualTo(Arrays.copyOf(model, (int) offset));
        }
    }

    @Test
    void manySmallSequentialAppendsFormDenseDataOnDisk() throws IOException {
        Path path = dir.resolve("dense");
        byte[] model = new byte[(int) CAPACITY];
        Random random = new Random(42);
        long end = 0;
        try (UringIoEngine engine = new UringIoEngine();
             IoFile file = engine.open(path, CAPACITY)) {
            for (int i = 0; i < 2000; i++) {
                byte[] record = randomBytes(random, 1 + random.nextInt(300));
                write(file, model, end, record);
                end += record.length;
                if (i % 97 == 0) {
                    assertThat(read(file, end - record.length, record.length)).isEqualTo(record);
                }
            }
            file.force();
            assertThat(read(file, 0, (int) end)).isEqualTo(Arrays.copyOf(model, (int) end));
        }
        assertThat(Files.size(path)).isEqualTo(CAPACITY);
        assertThat(readThroughPageCache(path, 0, (int) end)).isEqualTo(Arrays.copyOf(model, (int) end));
    }

    @Test
    void readsSeeBytesHeldOnlyInThePartialBlockCache() throws IOException {
        Path path = dir.resolve("partial");
        byte[] model = new byte[(int) CAPACITY];
        try (UringIoEngine engine = new UringIoEngine();
             IoFile file = engine.open(path, CAPACITY)) {
            write(file, model, 0, randomBytes(new Random(1), 5000));
            // Bytes 4096..4999 have not been written to the file yet: only the block cache holds them.
            assertThat(readThroughPageCache(path, 4096, 904)).containsOnly(0);
            assertThat(read(file, 4100, 100)).isEqualTo(Arrays.copyOfRange(model, 4100, 4200));
            assertThat(read(file, 0, 8192)).isEqualTo(Arrays.copyOf(model, 8192));
            assertThat(read(file, 4000, 1000)).isEqualTo(Arrays.copyOfRange(model, 4000, 5000));
            file.force();
            assertThat(readThroughPageCache(path, 0, 5000)).isEqualTo(Arrays.copyOf(model, 5000));
        }
    }

    /**
     * A hand-off puts every written byte in the file without a sync, the partial last block included, and that block
     * stays cached: later writes complete it in memory and the next hand-off writes it again.
     */
    @Test
    void handOffWritesPendingBytesAndThePartialBlockToTheFile() throws IOException {
        Path path = dir.resolve("hand-off");
        byte[] model = new byte[(int) CAPACITY];
        Random random = new Random(11);
        long end = 0;
        try (UringIoEngine engine = new UringIoEngine();
             IoFile file = engine.open(path, CAPACITY)) {
            for (int i = 0; i < 300; i++) {
                byte[] record = randomBytes(random, 1 + random.nextInt(i % 10 == 0 ? 20_000 : 700));
                write(file, model, end, record);
                end += record.length;
                if (i % 3 == 0) {
                    file.handOff();
                    assertThat(readThroughPageCache(path, 0, (int) end)).as("file after hand-off %d", i)
                            .isEqualTo(Arrays.copyOf(model, (int) end));
                }
            }
            assertThat(read(file, 0, (int) end)).isEqualTo(Arrays.copyOf(model, (int) end));
            file.force();
        }
        assertThat(readThroughPageCache(path, 0, (int) end)).isEqualTo(Arrays.copyOf(model, (int) end));
    }

    @Test
    void writesThatDoNotStartAtTheEndKeepTheSurroundingBytes() throws IOException {
        byte[] model = new byte[(int) CAPACITY];
        Random random = new Random(7);
        try (UringIoEngine engine = new UringIoEngine();
             IoFile file = engine.open(dir.resolve("rewrite"), CAPACITY)) {
            write(file, model, 0, randomBytes(random, 20_000));
            write(file, model, 100, randomBytes(random, 5000));
            write(file, model, 9000, randomBytes(random, 10));
            write(file, model, 19_990, randomBytes(random, 3000));
            write(file, model, 50_000, randomBytes(random, 1));
            write(file, model, 4096, randomBytes(random, 4096));
            assertThat(read(file, 0, 60_000)).isEqualTo(Arrays.copyOf(model, 60_000));
        }
    }

    @ParameterizedTest
    @EnumSource(SyncMode.class)
    void randomWritesReadsTruncatesAndReopensMatchAModel(SyncMode mode) throws IOException {
        Options options = Options.defaults().withSyncMode(mode).withRingEntries(4).withChunkSize(4096)
                .withStagingSize(3 * 4096).withReadBufferSize(2 * 4096);
        long capacity = 256 << 10;
        byte[] model = new byte[(int) capacity];
        Random random = new Random(mode.ordinal() + 1000);
        Path path = dir.resolve("model-" + mode);
        int end = 0;
        try (UringIoEngine engine = new UringIoEngine(options)) {
            IoFile file = engine.open(path, capacity);
            try {
                for (int step = 0; step < 1500; step++) {
                    int choice = random.nextInt(100);
                    if (choice < 45) {
                        int length = Math.min(1 + random.nextInt(random.nextBoolean() ? 600 : 20_000), (int) capacity - end);
                        if (length > 0) {
                            write(file, model, end, randomBytes(random, length));
                            end += length;
                        }
                    } else if (choice < 60) {
                        int offset = random.nextInt((int) capacity);
                        int length = Math.min(1 + random.nextInt(10_000), (int) capacity - offset);
                        write(file, model, offset, randomBytes(random, length));
                        end = Math.max(end, offset + length);
                    } else if (choice < 85) {
                        int offset = random.nextInt((int) capacity);
                        int length = random.nextInt(Math.min(30_000, (int) capacity - offset) + 1);
                        assertThat(read(file, offset, length)).as("step %d", step)
                                .isEqualTo(Arrays.copyOfRange(model, offset, offset + length));
                    } else if (choice < 90) {
                        file.force();
                    } else if (choice < 95) {
                        int offset = random.nextInt(end + 1);
                        file.truncate(offset);
                        Arrays.fill(model, offset, model.length, (byte) 0);
                        end = offset;
                    } else {
                        file.close();
                        assertThat(readThroughPageCache(path, 0, (int) capacity)).as("step %d", step).isEqualTo(model);
                        file = engine.open(path, capacity);
                    }
                }
                assertThat(read(file, 0, (int) capacity)).isEqualTo(model);
            } finally {
                file.close();
            }
        }
        assertThat(readThroughPageCache(path, 0, (int) capacity)).isEqualTo(model);
    }

    @Test
    void writingUpToExactlyTheCapacityWorksAndPastItFails() throws IOException {
        long capacity = 16 * 4096;
        byte[] model = new byte[(int) capacity];
        Path path = dir.resolve("full");
        try (UringIoEngine engine = new UringIoEngine();
             IoFile file = engine.open(path, capacity)) {
            write(file, model, 0, randomBytes(new Random(3), (int) capacity - 10));
            write(file, model, capacity - 10, randomBytes(new Random(4), 10));
            assertThat(read(file, 0, (int) capacity)).isEqualTo(model);

            assertThatThrownBy(() -> file.write(capacity - 5, MemorySegment.ofArray(new byte[10])))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("outside")
                    .hasMessageContaining(path.toString());
            assertThatThrownBy(() -> file.read(capacity, MemorySegment.ofArray(new byte[1])))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("outside");
            file.force();
        }
        assertThat(Files.size(path)).isEqualTo(capacity);
        assertThat(readThroughPageCache(path, 0, (int) capacity)).isEqualTo(model);
    }

    @Test
    void aCapacityThatIsNotAMultipleOf4096IsRejectedClearly() {
        try (UringIoEngine engine = new UringIoEngine()) {
            assertThatThrownBy(() -> engine.open(dir.resolve("odd"), 10_000))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("multiple of 4096")
                    .hasMessageContaining("10000");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 1, 5000, 8192, 12_345, 30_000})
    void truncateDiscardsEverythingFromTheOffsetDurably(long truncateAt) throws IOException {
        Path path = dir.resolve("truncate");
        byte[] model = new byte[(int) CAPACITY];
        try (UringIoEngine engine = new UringIoEngine();
             IoFile file = engine.open(path, CAPACITY)) {
            write(file, model, 0, randomBytes(new Random(5), 20_000));
            file.truncate(truncateAt);
            Arrays.fill(model, (int) truncateAt, model.length, (byte) 0);
            assertThat(read(file, 0, 40_000)).isEqualTo(Arrays.copyOf(model, 40_000));
            assertThat(readThroughPageCache(path, 0, 40_000)).isEqualTo(Arrays.copyOf(model, 40_000));
            assertThat(Files.size(path)).isEqualTo(CAPACITY);

            // Appending after the truncation point continues densely.
            write(file, model, truncateAt, randomBytes(new Random(6), 700));
            assertThat(read(file, 0, 40_000)).isEqualTo(Arrays.copyOf(model, 40_000));
        }
        assertThat(readThroughPageCache(path, 0, 40_000)).isEqualTo(Arrays.copyOf(model, 40_000));
    }

    @ParameterizedTest
    @EnumSource(SyncMode.class)
    void forceMakesCompletedWritesDurableInBothModes(SyncMode mode) throws IOException {
        Path path = dir.resolve("force-" + mode);
        byte[] model = new byte[(int) CAPACITY];
        Random random = new Random(11);
        try (UringIoEngine engine = new UringIoEngine(mode);
             IoFile file = engine.open(path, CAPACITY)) {
            file.force();
            long end = 0;
            for (int i = 0; i < 24; i++) {
                byte[] bytes = randomBytes(random, i % 2 == 0 ? 1024 : 65_536);
                write(file, model, end, bytes);
                end += bytes.length;
                file.force();
                assertThat(readThroughPageCache(path, 0, (int) end)).isEqualTo(Arrays.copyOf(model, (int) end));
            }
            file.force();
        }
    }

    @Test
    void aFailedCompletionNamesTheOperationTheFileTheOffsetAndTheErrno() throws Throwable {
        Path path = dir.resolve("broken");
        try (UringIoEngine engine = new UringIoEngine();
             UringFile file = (UringFile) engine.open(path, CAPACITY)) {
            // Put a read-only descriptor of the same file in place of the engine's one: writes then get EBADF.
            long readOnly = LibC.open(path.toString(), LibC.O_RDONLY | LibC.O_CLOEXEC, 0);
            assertThat(readOnly).isNotNegative();
            try {
                assertThat(dup2((int) readOnly, file.fd())).isEqualTo(file.fd());
            } finally {
                LibC.close((int) readOnly);
            }
            byte[] bytes = new byte[8192];
            // The write is only staged; the failure of the deferred write surfaces from force().
            file.write(4096, MemorySegment.ofArray(bytes));
            assertThatThrownBy(file::force)
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("write")
                    .hasMessageContaining(path.toString())
                    .hasMessageContaining("offset 4096")
                    .hasMessageContaining("EBADF");
            assertThatThrownBy(() -> file.write(0, MemorySegment.ofArray(bytes)))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("earlier write, force or truncate failed");
            assertThatThrownBy(file::force)
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("earlier write, force or truncate failed");
            assertThatThrownBy(() -> file.truncate(0)).isInstanceOf(IOException.class);
            assertThat(read(file, 0, 100)).containsOnly(0);
        }
    }

    @Test
    void writesWaitForForceYetReadsSeeThemAtOnce() throws IOException {
        Path path = dir.resolve("deferred");
        byte[] model = new byte[(int) CAPACITY];
        try (UringIoEngine engine = new UringIoEngine();
             IoFile file = engine.open(path, CAPACITY)) {
            write(file, model, 0, randomBytes(new Random(21), 20_000));
            write(file, model, 20_000, randomBytes(new Random(22), 300_000));
            // Nothing has been submitted yet: the file still holds zeros.
            assertThat(readThroughPageCache(path, 0, 320_000)).containsOnly(0);
            assertThat(read(file, 0, 320_000)).isEqualTo(Arrays.copyOf(model, 320_000));
            assertThat(read(file, 12_345, 300_000)).isEqualTo(Arrays.copyOfRange(model, 12_345, 312_345));
            assertThat(read(file, 319_000, 5000)).isEqualTo(Arrays.copyOfRange(model, 319_000, 324_000));
            file.force();
            assertThat(readThroughPageCache(path, 0, 330_000)).isEqualTo(Arrays.copyOf(model, 330_000));
            // Appends after a force continue in the cached partial block.
            write(file, model, 320_000, randomBytes(new Random(23), 777));
            assertThat(read(file, 310_000, 20_000)).isEqualTo(Arrays.copyOfRange(model, 310_000, 330_000));
            file.force();
            assertThat(readThroughPageCache(path, 0, 330_000)).isEqualTo(Arrays.copyOf(model, 330_000));
        }
    }

    @ParameterizedTest
    @EnumSource(SyncMode.class)
    void aStagingAreaThatFillsBeforeForceIsWrittenOutAndReused(SyncMode mode) throws IOException {
        Options options = Options.defaults().withSyncMode(mode).withChunkSize(4096).withStagingSize(16 << 10);
        Path path = dir.resolve("full-staging-" + mode);
        byte[] model = new byte[(int) CAPACITY];
        Random random = new Random(31);
        try (UringIoEngine engine = new UringIoEngine(options);
             IoFile file = engine.open(path, CAPACITY)) {
            int end = 0;
            for (int i = 0; i < 300; i++) {
                byte[] bytes = randomBytes(random, 1 + random.nextInt(i % 10 == 0 ? 40_000 : 1500));
                write(file, model, end, bytes);
                end += bytes.length;
            }
            // More than the staging area holds was written without force: the excess is on the file already.
            assertThat(readThroughPageCache(path, 0, 4096)).isEqualTo(Arrays.copyOf(model, 4096));
            assertThat(read(file, 0, end)).isEqualTo(Arrays.copyOf(model, end));
            file.force();
            assertThat(readThroughPageCache(path, 0, end)).isEqualTo(Arrays.copyOf(model, end));
        }
    }

    @ParameterizedTest
    @EnumSource(SyncMode.class)
    void forceWritesSeveralPendingWritesAndTheSyncTogether(SyncMode mode) throws IOException {
        // 4 KiB per SQE: a 64 KiB append is 16 pending writes, synced after all of them (IOSQE_IO_DRAIN).
        Options options = Options.defaults().withSyncMode(mode).withChunkSize(4096).withRingEntries(8);
        Path path = dir.resolve("multi-" + mode);
        byte[] model = new byte[(int) CAPACITY];
        Random random = new Random(41);
        try (UringIoEngine engine = new UringIoEngine(options);
             IoFile file = engine.open(path, CAPACITY)) {
            int end = 0;
            for (int round = 0; round < 12; round++) {
                for (int i = 0; i < 3; i++) {
                    byte[] bytes = randomBytes(random, 1 + random.nextInt(30_000));
                    write(file, model, end, bytes);
                    end += bytes.length;
                }
                file.force();
                assertThat(readThroughPageCache(path, 0, end + 4096)).as("round %d", round)
                        .isEqualTo(Arrays.copyOf(model, end + 4096));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(SyncMode.class)
    void overlappingWritesBetweenForcesLandInProgramOrder(SyncMode mode) throws IOException {
        Options options = Options.defaults().withSyncMode(mode).withRingEntries(8).withChunkSize(8192)
                .withStagingSize(64 << 10).withReadBufferSize(16 << 10);
        long capacity = 128 << 10;
        byte[] model = new byte[(int) capacity];
        Random random = new Random(mode.ordinal() + 51);
        Path path = dir.resolve("overlap-" + mode);
        try (UringIoEngine engine = new UringIoEngine(options)) {
            IoFile file = engine.open(path, capacity);
            try {
                for (int step = 0; step < 3000; step++) {
                    int choice = random.nextInt(100);
                    if (choice < 60) {
                        // Writes clustered on a few blocks, so that they often overlap pending ones.
                        int offset = random.nextInt(6) * 4096 + random.nextInt(8192) - 2048;
                        offset = Math.max(0, offset);
                        int length = Math.min(1 + random.nextInt(random.nextBoolean() ? 300 : 12_000),
                                (int) capacity - offset);
                        write(file, model, offset, randomBytes(random, length));
                    } else if (choice < 90) {
                        int offset = random.nextInt(40_000);
                        int length = random.nextInt(30_000);
                        assertThat(read(file, offset, length)).as("step %d", step)
                                .isEqualTo(Arrays.copyOfRange(model, offset, offset + length));
                    } else if (choice < 97) {
                        file.force();
                        assertThat(readThroughPageCache(path, 0, (int) capacity)).as("step %d", step)
                                .isEqualTo(model);
                    } else {
                        file.close();
                        assertThat(readThroughPageCache(path, 0, (int) capacity)).as("step %d", step)
                                .isEqualTo(model);
                        file = engine.open(path, capacity);
                    }
                }
            } finally {
                file.close();
            }
        }
        assertThat(readThroughPageCache(path, 0, (int) capacity)).isEqualTo(model);
    }

    @Test
    void closeWritesWhatIsStillPending() throws IOException {
        Path path = dir.resolve("close-pending");
        byte[] model = new byte[(int) CAPACITY];
        try (UringIoEngine engine = new UringIoEngine()) {
            try (IoFile file = engine.open(path, CAPACITY)) {
                write(file, model, 0, randomBytes(new Random(61), 100_000));
                write(file, model, 100_000, randomBytes(new Random(62), 10));
            }
            assertThat(readThroughPageCache(path, 0, 110_000)).isEqualTo(Arrays.copyOf(model, 110_000));
            try (IoFile file = engine.open(path, CAPACITY)) {
                assertThat(read(file, 0, 110_000)).isEqualTo(Arrays.copyOf(model, 110_000));
            }
        }
    }

    @Test
    void aFullSubmissionRingIsDrainedAndRefilledWithoutLosingWork() throws IOException {
        Options options = Options.defaults().withRingEntries(4).withChunkSize(4096).withStagingSize(256 << 10)
                .withReadBufferSize(64 << 10);
        byte[] model = new byte[(int) CAPACITY];
        try (UringIoEngine engine = new UringIoEngine(options);
             IoFile file = engine.open(dir.resolve("small-ring"), CAPACITY)) {
            write(file, model, 0, randomBytes(new Random(8), (int) CAPACITY - 1000));
            file.force();
            assertThat(read(file, 0, (int) CAPACITY)).isEqualTo(model);
        }
    }

    @Test
    void closingWhileOtherThreadsReadLetsThemFinishOrFailCleanly() throws Exception {
        byte[] model = new byte[(int) CAPACITY];
        UringIoEngine engine = new UringIoEngine();
        IoFile file = engine.open(dir.resolve("shared"), CAPACITY);
        write(file, model, 0, randomBytes(new Random(9), 500_000));
        int readers = 4;
        ExecutorService pool = Executors.newFixedThreadPool(readers);
        CountDownLatch started = new CountDownLatch(readers);
        AtomicLong reads = new AtomicLong();
        List<Future<Throwable>> outcomes = new ArrayList<>();
        for (int r = 0; r < readers; r++) {
            int seed = r;
            outcomes.add(pool.submit(() -> {
                Random random = new Random(seed);
                started.countDown();
                try {
                    while (true) {
                        int offset = random.nextInt(500_000);
                        int length = 1 + random.nextInt(Math.min(70_000, 500_000 - offset));
                        if (!Arrays.equals(read(file, offset, length), Arrays.copyOfRange(model, offset, offset + length))) {
                            return new AssertionError("wrong bytes at " + offset);
                        }
                        reads.incrementAndGet();
                    }
                } catch (Throwable t) {
                    return t;
                }
            }));
        }
        started.await();
        while (reads.get() < 100) {
            Thread.onSpinWait();
        }
        file.close();
        engine.close();
        pool.shutdown();
        assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        for (Future<Throwable> outcome : outcomes) {
            assertThat(outcome.get())
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("closed");
        }
    }

    @Test
    void readersRunConcurrentlyWithTheWriterAndSeeEveryCompletedAppend() throws Exception {
        byte[] model = new byte[(int) CAPACITY];
        new Random(10).nextBytes(model);
        AtomicLong published = new AtomicLong();
        AtomicBoolean done = new AtomicBoolean();
        try (UringIoEngine engine = new UringIoEngine();
             IoFile file = engine.open(dir.resolve("concurrent"), CAPACITY)) {
            ExecutorService pool = Executors.newFixedThreadPool(3);
            List<Future<Long>> checks = new ArrayList<>();
            for (int r = 0; r < 3; r++) {
                int seed = r;
                checks.add(pool.submit(() -> {
                    Random random = new Random(seed);
                    long verified = 0;
                    while (!done.get()) {
                        long end = published.get();
                        if (end == 0) {
                            continue;
                        }
                        int offset = random.nextInt((int) end);
                        int length = 1 + random.nextInt((int) Math.min(10_000, end - offset));
                        byte[] bytes = read(file, offset, length);
                        assertThat(bytes).isEqualTo(Arrays.copyOfRange(model, offset, offset + length));
                        verified++;
                    }
                    return verified;
                }));
            }
            Random random = new Random(12);
            long end = 0;
            while (end < CAPACITY) {
                int length = (int) Math.min(1 + random.nextInt(3000), CAPACITY - end);
                file.write(end, MemorySegment.ofArray(Arrays.copyOfRange(model, (int) end, (int) end + length)));
                end += length;
                published.set(end);
                if (random.nextInt(10) == 0) {
                    file.force();
                }
            }
            done.set(true);
            pool.shutdown();
            for (Future<Long> check : checks) {
                assertThat(check.get(10, TimeUnit.SECONDS)).isPositive();
            }
        }
    }

    @Test
    void openAndCloseCyclesLeakNoFileDescriptors() throws IOException {
        long before = countOurDescriptors();
        for (int i = 0; i < 30; i++) {
            try (UringIoEngine engine = new UringIoEngine()) {
                IoFile first = engine.open(dir.resolve("cycle-" + (i % 3)), CAPACITY);
                IoFile second = engine.open(dir.resolve("cycle-x"), CAPACITY);
                first.write(0, MemorySegment.ofArray(new byte[5000]));
                read(first, 0, 5000);
                second.truncate(0);
                first.close();
                assertThat(engine.openFileCount()).isEqualTo(1);
                // second is left open on purpose: closing the engine closes it.
            }
        }
        assertThat(countOurDescriptors()).isEqualTo(before);
    }

    @Test
    void closingAFileTwiceAndUsingItAfterwardsFailsClearly() throws IOException {
        try (UringIoEngine engine = new UringIoEngine()) {
            IoFile file = engine.open(dir.resolve("twice"), CAPACITY);
            file.close();
            file.close();
            assertThatThrownBy(() -> file.read(0, MemorySegment.ofArray(new byte[10])))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("closed");
            assertThatThrownBy(() -> file.write(0, MemorySegment.ofArray(new byte[10])))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("closed");
        }
    }

    @Test
    void anExistingFileKeepsItsContentWhenReopened() throws IOException {
        Path path = dir.resolve("existing");
        byte[] model = new byte[(int) CAPACITY];
        try (UringIoEngine engine = new UringIoEngine()) {
            try (IoFile file = engine.open(path, CAPACITY)) {
                write(file, model, 0, randomBytes(new Random(13), 10_000));
            }
            try (IoFile file = engine.open(path, CAPACITY)) {
                assertThat(read(file, 0, 20_000)).isEqualTo(Arrays.copyOf(model, 20_000));
                write(file, model, 10_000, randomBytes(new Random(14), 3000));
                write(file, model, 5, randomBytes(new Random(15), 3));
                assertThat(read(file, 0, 20_000)).isEqualTo(Arrays.copyOf(model, 20_000));
            }
        }
        assertThat(readThroughPageCache(path, 0, 20_000)).isEqualTo(Arrays.copyOf(model, 20_000));
    }

    @Test
    void probeAcceptsAnOrdinaryDirectoryAndCleansUpAfterItself() throws IOException {
        assertThat(UringIoEngine.probe(dir)).isEmpty();
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void probeExplainsWhyAMissingDirectoryCannotBeUsed() {
        assertThat(UringIoEngine.probe(dir.resolve("missing")))
                .hasValueSatisfying(reason -> assertThat(reason).contains("ENOENT").contains("missing"));
    }

    @Test
    void descriptorLayoutsMatchTheKernelAbi() {
        assertThat(UringDescriptor.PARAMS_SIZE).isEqualTo(120);
        assertThat(UringDescriptor.PARAMS_SQ_OFF).isEqualTo(40);
        assertThat(UringDescriptor.PARAMS_CQ_OFF).isEqualTo(80);
        assertThat(UringDescriptor.SQE_SIZE).isEqualTo(64);
        assertThat(UringDescriptor.SQE_USER_DATA).isEqualTo(32);
        assertThat(UringDescriptor.SQE_BUF_INDEX).isEqualTo(40);
        assertThat(UringDescriptor.CQE_SIZE).isEqualTo(16);
        assertThat(UringDescriptor.CQE_RES).isEqualTo(8);
        assertThat(UringDescriptor.SQRING_OFFSETS.byteSize()).isEqualTo(40);
        assertThat(UringDescriptor.CQ_OFF_CQES).isEqualTo(20);
    }

    private static void write(IoFile file, byte[] model, long offset, byte[] bytes) throws IOException {
        file.write(offset, MemorySegment.ofArray(bytes));
        System.arraycopy(bytes, 0, model, (int) offset, bytes.length);
    }

    private static byte[] read(IoFile file, long offset, int length) throws IOException {
        byte[] bytes = new byte[length];
        file.read(offset, MemorySegment.ofArray(bytes));
        return bytes;
    }

    private static byte[] randomBytes(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    private static byte[] readThroughPageCache(Path path, long offset, int length) throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            ByteBuffer buffer = ByteBuffer.allocate(length);
            while (buffer.hasRemaining()) {
                if (channel.read(buffer, offset + buffer.position()) < 0) {
                    break;
                }
            }
            return buffer.array();
        }
    }

    /** Descriptors of this test's files and of io_uring instances, ignoring whatever else the JVM opens. */
    private long countOurDescriptors() throws IOException {
        long count = 0;
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.contains("io_uring") || target.startsWith(dir.toString())) {
                        count++;
                    }
                } catch (IOException gone) {
                    // The descriptor listing itself, closed by the time it is resolved.
                }
            }
        }
        return count;
    }

    @SuppressWarnings("restricted")
    private static int dup2(int from, int to) throws Throwable {
        Linker linker = Linker.nativeLinker();
        MethodHandle dup2 = linker.downcallHandle(linker.defaultLookup().find("dup2").orElseThrow(),
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
        return (int) dup2.invokeExact(from, to);
    }
}
