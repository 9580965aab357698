package io.tandem.store.log;

import io.tandem.store.AppendRequest;
import io.tandem.store.AppendResult;
import io.tandem.store.Durability;
import io.tandem.store.TestEngines;
import io.tandem.store.io.IoEngine;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reads of records that the tail cache is giving up. A flush pass publishes its progress inside records (after
 * each chunk it writes, at a ring wrap), and the ring may then overwrite a record's first bytes while its last bytes
 * are only in the ring: the read must take each part from where it is.
 */
class CommitLogReadTest {

    private static final long SEGMENT_SIZE = 64 * 1024;
    private static final int MAX_RECORD_SIZE = 8 * 1024;
    private static final long TAIL_CACHE_SIZE = 16 * 1024;
    private static final long COLD_READ_CACHE_SIZE = 4L * ColdReadCache.BLOCK_SIZE;

    @TempDir
    Path directory;

    /** The test plays the flusher ({@link CommitLog#writeToFiles}), so the interleaving is exact. */
    @ParameterizedTest
    @MethodSource("io.tandem.store.TestEngines#all")
    void shouldReadARecordWhoseStartLeftTheRingBeforeItsEndReachedTheFile(TestEngines.Named engine) throws Exception {
        try (IoEngine io = engine.factory().get(); CommitLog log = open(io)) {
            AppendResult torn = append(log, body(0, 4000));
            byte[] expected = read(log, torn);

            long cut = torn.position() + torn.length() / 2;
            log.writeToFiles(cut);
            assertThat(log.fileWrittenPosition()).isEqualTo(cut);
            // Records of less than half the first one: the append that first overwrites some of its ring bytes
            // overwrites only bytes the file already has, so it does not wait for a flusher.
            for (int index = 1; log.writePosition() - TAIL_CACHE_SIZE <= torn.position(); index++) {
                append(log, body(index, 500));
            }

            assertThat(log.writePosition() - TAIL_CACHE_SIZE).as("end of the overwritten ring bytes")
                    .isGreaterThan(torn.position()).isLessThanOrEqualTo(cut);
            assertThat(read(log, torn)).as("the record read back").isEqualTo(expected);
        }
    }

    /**
     * One appender, the real {@link FlushDuty} and one reader that reads the records the small ring is giving up
     * right now, while segments (four ring lengths each) roll over.
     */
    @ParameterizedTest
    @MethodSource("io.tandem.store.TestEngines#all")
    void shouldReadEveryRecordIntactWhileTheRingAndTheFlusherMoveOn(TestEngines.Named engine) throws Exception {
        int records = 3_000;
        try (IoEngine io = engine.factory().get(); CommitLog log = open(io)) {
            FlushDuty flusher = new FlushDuty(log, Durability.ASYNC, Duration.ofMillis(5), () -> { });
            flusher.start();
            AtomicReferenceArray<AppendResult> appended = new AtomicReferenceArray<>(records);
            AtomicInteger count = new AtomicInteger();
            AtomicInteger reads = new AtomicInteger();
            AtomicReference<Throwable> readerFailure = new AtomicReference<>();
            Thread reader = Thread.ofPlatform().name("log-reader").start(() -> {
                try {
                    SplittableRandom random = new SplittableRandom(7);
                    int index = 0;
                    while (count.get() < records) {
                        long ringStart = log.writePosition() - TAIL_CACHE_SIZE;
                        int known = count.get();
                        while (index + 1 < known && appended.get(index + 1).position() <= ringStart) {
                            index++;
                        }
                        if (known > 0) {
                            int at = Math.max(0, Math.min(known - 1, index - 1 + random.nextInt(3)));
                            check(log, at, appended.get(at));
                            reads.incrementAndGet();
                        }
                    }
                } catch (Throwable e) {
                    readerFailure.set(e);
                }
            });
            try {
                for (int index = 0; index < records && readerFailure.get() == null; index++) {
                    appended.set(index, append(log, streamBody(index)));
                    count.set(index + 1);
                }
            } finally {
                int appendedCount = count.getAndSet(records);
                reader.join();
                flusher.stop();
                assertThat(readerFailure.get()).as("what the reader found after %d reads of %d records",
                        reads.get(), appendedCount).isNull();
            }
            for (int index = 0; index < records; index++) {
                check(log, index, appended.get(index));
            }
        }
    }

    private CommitLog open(IoEngine io) throws Exception {
        CommitLog log = CommitLog.open(directory, SEGMENT_SIZE, MAX_RECORD_SIZE, TAIL_CACHE_SIZE, COLD_READ_CACHE_SIZE,
                io, Clock.systemUTC());
        log.recoverEnd(0, 0, true);
        return log;
    }

    /**
     * A body of up to {@code maxLength} bytes that differs per record and is mostly not zeros, so that neither a
     * torn read nor a read of not yet written (zero) file bytes can pass for it.
     */
    private static byte[] body(int index, int maxLength) {
        byte[] body = new byte[new SplittableRandom(index).nextInt(maxLength / 2, maxLength)];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) (index * 31 + i * 7 + 1);
        }
        return body;
    }

    /** Bodies of the concurrent test: every tenth one large. */
    private static byte[] streamBody(int index) {
        return body(index, index % 10 == 0 ? 6000 : 2000);
    }

    private static AppendResult append(CommitLog log, byte[] body) {
        EncodedBatch batch = new EncodedBatch();
        batch.add(AppendRequest.of("t", 0, body), MAX_RECORD_SIZE);
        return log.append(batch, Durability.ASYNC, null)[0];
    }

    private static byte[] read(CommitLog log, AppendResult record) {
        MemorySegment target = MemorySegment.ofArray(new byte[record.length()]);
        log.readRecord(record.position(), record.length(), target);
        return target.toArray(ValueLayout.JAVA_BYTE);
    }

    /** Reads record {@code index} of the concurrent test (its CRC is verified) and compares its body (the end). */
    private static void check(CommitLog log, int index, AppendResult record) {
        byte[] read = read(log, record);
        byte[] expected = streamBody(index);
        byte[] body = Arrays.copyOfRange(read, read.length - expected.length, read.length);
        if (!Arrays.equals(body, expected)) {
            throw new AssertionError("record " + index + " at position " + record.position() + ": body differs at byte "
                    + Arrays.mismatch(body, expected));
        }
    }
}
