package io.tandem.store;

import io.tandem.store.engine.CommitLogMessageStore;
import io.tandem.store.io.uring.UringIoEngine;
import io.tandem.testing.TinyFileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * A full disk is a refusal the store recovers from, not a failure: past the high-water mark new messages are refused
 * with {@link AppendStatus#DISK_FULL} (completions still pass), retention frees the oldest segments past its
 * threshold, a write or sync that fails for want of space (ENOSPC, injected or real) refuses every append until it
 * succeeds again, and nothing acknowledged is lost. An EIO on a read fails that read, naming the file, and nothing
 * else.
 */
class DiskFullTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final String ENOSPC = "No space left on device";
    private static final String EIO = "Input/output error";
    private static final long MIB = 1 << 20;

    @TempDir
    Path directory;

    private final AtomicReference<DiskUsage> disk = new AtomicReference<>(usage(0.10));

    private static DiskUsage usage(double ratio) {
        long total = 1000 * MIB;
        return new DiskUsage("/test (testfs)", total, total - (long) (ratio * total));
    }

    private StoreConfig.Builder config(Path storeDirectory, TestEngines.Named engine, Durability durability) {
        return StoreConfig.builder(storeDirectory)
                .ioEngineFactory(engine.factory())
                .durability(durability)
                .flushInterval(Duration.ofMillis(20))
                .segmentSize(64 * 1024)
                .maxRecordSize(8 * 1024)
                .tailCacheSize(128 * 1024)
                .consumeQueueFileEntries(64)
                .indexSlots(64)
                .indexFileEntries(128)
                .diskCheckInterval(Duration.ofMillis(20))
                .diskUsageProbe(dir -> disk.get());
    }

    private StoreConfig.Builder config(TestEngines.Named engine, Durability durability) {
        return config(directory, engine, durability);
    }

    private static StoreConfig.Builder faulty(StoreConfig.Builder config, TestEngines.Named engine, FaultInjectingIoEngine[] holder) {
        return config.ioEngineFactory(() -> holder[0] = new FaultInjectingIoEngine(engine.factory().get()));
    }

    private static AppendRequest request(int queueId, int i) {
        byte[] body = ("record-" + i + "-" + "abcdefghij".repeat(i % 50)).getBytes(StandardCharsets.UTF_8);
        return AppendRequest.of("t", queueId, body).withKeys(List.of("key-" + i));
    }

    static Stream<Arguments> enginesAndDurabilities() {
        return TestEngines.all().flatMap(engine -> Stream.of(Durability.values()).map(d -> Arguments.of(engine, d)));
    }

    // -------------------------------------------------------------------------------------------------------------
    // High-water mark and retention threshold

    @Test
    void shouldRefuseNewMessagesPastTheHighWaterMarkAndAdmitThemAgainWhenSpaceIsBack() throws Exception {
        TestEngines.Named engine = TestEngines.byName("pagecache");
        List<Acked> acked = new ArrayList<>();
        try (MessageStore store = CommitLogMessageStore.open(config(engine, Durability.SYNC).build())) {
            for (int i = 0; i < 20; i++) {
                acked.add(appendAcked(store, request(i % 2, i)));
            }
            disk.set(usage(0.95));
            await().atMost(TIMEOUT).until(() -> store.diskStatus().refusingNew());

            AppendResult refused = store.append(request(0, 100)).get(1, TimeUnit.SECONDS);
            assertThat(refused.status()).isEqualTo(AppendStatus.DISK_FULL);
            assertThat(refused.appended()).isFalse();
            assertThat(store.appendBatch(List.of(request(0, 101), request(1, 102))).get(1, TimeUnit.SECONDS))
                    .extracting(AppendResult::status).containsExactly(AppendStatus.DISK_FULL, AppendStatus.DISK_FULL);
            assertThat(store.diskStatus().describe())
                    .contains(directory.toString(), "/test (testfs)", "95.0% full", "high-water mark of 90%");
            assertThat(store.diskStatus().outOfSpace()).isFalse();

            // The space above the mark is kept for completions (transaction decisions, due delayed messages).
            AppendRequest completion = request(1, 103);
            AppendResult completed = store.append(completion, AppendPriority.COMPLETION).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            assertThat(completed.status()).isEqualTo(AppendStatus.APPENDED);
            acked.add(new Acked(completion, completed));
            // Nothing of the refused ones was written; readers see everything acknowledged.
            assertReadable(store, acked);
            assertThat(store.maxOffset("t", 0) + store.maxOffset("t", 1)).isEqualTo(acked.size());
            assertThat(store.status().failed()).isFalse();

            disk.set(usage(0.50));
            await().atMost(TIMEOUT).until(() -> !store.diskStatus().refusingNew());
            acked.add(appendAcked(store, request(0, 200)));
        }
        assertRecovered(TestEngines.byName("pagecache"), acked);
    }

    @Test
    void shouldRefuseAtTheMarkBetweenMeasurementsCountingTheStoresOwnGrowth() throws Exception {
        TestEngines.Named engine = TestEngines.byName("pagecache");
        long total = 4 * MIB;
        long used = 3 * MIB;
        // Headroom to a 90 % mark: 0.9 * 4 MiB - 3 MiB, about 614 KiB; the disk is never measured again.
        disk.set(new DiskUsage("/test (testfs)", total, total - used));
        long headroom = (long) (0.9 * total) - used;
        byte[] body = new byte[1000];
        try (MessageStore store = CommitLogMessageStore.open(config(engine, Durability.ASYNC)
                .segmentSize(MIB).diskCheckInterval(Duration.ofHours(1)).build())) {
            long start = store.status().writePosition();
            int appended = 0;
            while (store.append(AppendRequest.of("t", 0, body)).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).appended()) {
                appended++;
                assertThat(appended).as("appends stop at the mark").isLessThan(10_000);
            }
            long grown = store.status().writePosition() - start;
            assertThat(grown).as("the log grew up to the mark and by at most one record more")
                    .isBetween(headroom, headroom + 2000);
            assertThat(store.diskStatus().refusingNew()).isTrue();
        }
    }

    @Test
    void shouldDeleteTheOldestSegmentsPastTheRetentionThresholdUntilUsageIsBelowIt() throws Exception {
        TestEngines.Named engine = TestEngines.byName("pagecache");
        long segment = 64 * 1024;
        long total = 20 * segment;
        AtomicReference<MessageStore> opened = new AtomicReference<>();
        // The disk holds 5 segments' worth of other files plus the store's log.
        DiskUsage.Probe probe = dir -> {
            MessageStore store = opened.get();
            long log = store == null ? 0 : store.status().writePosition() - store.status().minPosition();
            return new DiskUsage("/test (testfs)", total, total - 5 * segment - log);
        };
        List<AppendResult> results = new ArrayList<>();
        try (MessageStore store = CommitLogMessageStore.open(config(engine, Durability.SYNC).diskUsageProbe(probe)
                .diskUsageRetentionThreshold(0.50).diskUsageHighWaterMark(0.90)
                .diskCheckInterval(Duration.ofHours(1)).build())) {
            opened.set(store);
            // About 8 segments of log: 13 of 20 segments used, 65 %, above the 50 % threshold.
            int i = 0;
            while (store.status().writePosition() < 8 * segment) {
                results.add(store.append(AppendRequest.of("t", 0, new byte[1000 + i % 7])).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
                i++;
            }
            await().atMost(TIMEOUT).until(() -> store.status().dispatchedPosition() == store.status().writePosition());

            DiskStatus status = store.checkDisk();
            assertThat(status.usage().usedRatio()).as("retention brought usage below the threshold").isLessThanOrEqualTo(0.50);
            assertThat(status.refusingNew()).isFalse();
            long min = store.minOffset("t", 0);
            assertThat(store.status().minPosition()).as("whole oldest segments were deleted").isPositive()
                    .isEqualTo(store.status().minPosition() / segment * segment);
            assertThat(min).isPositive();
            // A reader behind the deleted segments is sent on to the oldest message kept, which is intact.
            ReadResult moved = store.read("t", 0, 0, 1, 1 << 20);
            assertThat(moved.status()).isEqualTo(ReadStatus.OFFSET_MOVED);
            assertThat(moved.nextOffset()).isEqualTo(min);
            ReadResult kept = store.read("t", 0, min, 1000, 64 << 20);
            assertThat(kept.messages()).isNotEmpty();
            assertThat(kept.messages().getFirst().position()).isEqualTo(results.get((int) min).position());
            assertThat(kept.messages().getLast().queueOffset()).isEqualTo(results.size() - 1);
            // Deletion stopped once below the threshold: the log still holds more than the active segment.
            assertThat(store.status().writePosition() - store.status().minPosition()).isGreaterThan(segment);
        }
    }

    @Test
    void shouldApplyNoMarkToAFileSystemThatReportsNoSize() throws Exception {
        disk.set(new DiskUsage("/proc-like (nofs)", 0, 0));
        try (MessageStore store = CommitLogMessageStore.open(config(TestEngines.byName("pagecache"), Durability.ASYNC).build())) {
            store.checkDisk();
            assertThat(store.append(request(0, 1)).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).status())
                    .isEqualTo(AppendStatus.APPENDED);
            assertThat(store.diskStatus().refusingNew()).isFalse();
        }
    }

    @Test
    void shouldNameAnInvalidDiskSetting() {
        StoreConfig.Builder builder = StoreConfig.builder(directory);
        assertThatThrownBy(() -> builder.diskUsageHighWaterMark(1.5).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("diskUsageHighWaterMark");
        assertThatThrownBy(() -> StoreConfig.builder(directory).diskUsageHighWaterMark(0.8)
                .diskUsageRetentionThreshold(0.9).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("diskUsageRetentionThreshold");
        assertThat(StoreConfig.builder(directory).diskUsageHighWaterMark(0.8).diskUsageRetentionThreshold(1).build()
                .diskUsageRetentionThreshold()).isEqualTo(1);
    }

    // -------------------------------------------------------------------------------------------------------------
    // ENOSPC from a write or a sync (injected)

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("enginesAndDurabilities")
    void shouldRefuseAppendsWhileAWriteFailsForWantOfSpaceAndResumeWhenItSucceeds(TestEngines.Named engine,
                                                                                  Durability durability) throws Exception {
        shouldRecoverFromOutOfSpace(engine, durability, false);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("enginesAndDurabilities")
    void shouldRefuseAppendsWhileASyncFailsForWantOfSpaceAndResumeWhenItSucceeds(TestEngines.Named engine,
                                                                                 Durability durability) throws Exception {
        shouldRecoverFromOutOfSpace(engine, durability, true);
    }

    private void shouldRecoverFromOutOfSpace(TestEngines.Named engine, Durability durability, boolean failSync) throws Exception {
        FaultInjectingIoEngine[] faults = new FaultInjectingIoEngine[1];
        List<Acked> acked = new ArrayList<>();
        try (MessageStore store = CommitLogMessageStore.open(faulty(config(engine, durability), engine, faults).build())) {
            for (int i = 0; i < 40; i++) {
                acked.add(appendAcked(store, request(i % 3, i)));
            }
            if (failSync) {
                faults[0].failForce(new IOException(ENOSPC));
            } else {
                faults[0].failWrite(new IOException(ENOSPC));
            }
            // This one meets the full disk in the flusher (ASYNC may acknowledge it before; SYNC waits).
            AppendRequest caught = request(0, 1000);
            CompletableFuture<AppendResult> caughtFuture = store.append(caught);
            await().atMost(TIMEOUT).until(() -> store.diskStatus().outOfSpace());
            assertThat(faults[0].hasInjected()).isTrue();
            assertThat(store.status().failed()).as("running out of space does not fail the store").isFalse();
            if (durability == Durability.SYNC) {
                assertThat(caughtFuture).as("a SYNC append is not acknowledged before it is durable").isNotDone();
            }

            assertThat(store.append(request(1, 1001)).get(1, TimeUnit.SECONDS).status()).isEqualTo(AppendStatus.DISK_FULL);
            assertThat(store.append(request(1, 1002), AppendPriority.COMPLETION).get(1, TimeUnit.SECONDS).status())
                    .as("out of space, completions are refused too").isEqualTo(AppendStatus.DISK_FULL);
            assertThat(store.diskStatus().describe()).contains("no space left");
            assertReadable(store, acked);

            if (failSync) {
                faults[0].failForce(null);
            } else {
                faults[0].failWrite(null);
            }
            AppendResult caughtResult = caughtFuture.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            assertThat(caughtResult.status()).isEqualTo(AppendStatus.APPENDED);
            acked.add(new Acked(caught, caughtResult));
            await().atMost(TIMEOUT).until(() -> !store.diskStatus().outOfSpace());
            for (int i = 0; i < 20; i++) {
                acked.add(appendAcked(store, request(i % 3, 2000 + i)));
            }
            store.flush();
            assertThat(store.status().failed()).isFalse();
        }
        assertRecovered(engine, acked);
    }

    // -------------------------------------------------------------------------------------------------------------
    // EIO on a read

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.tandem.store.TestEngines#all")
    void shouldFailOnlyTheReadThatMetAnIoErrorNamingTheFile(TestEngines.Named engine) throws Exception {
        FaultInjectingIoEngine[] faults = new FaultInjectingIoEngine[1];
        List<Acked> acked = new ArrayList<>();
        try (MessageStore store = CommitLogMessageStore.open(faulty(config(engine, Durability.SYNC), engine, faults)
                .tailCacheSize(20 * 1024).coldReadCacheSize(0).build())) {
            for (int i = 0; i < 100; i++) {
                acked.add(appendAcked(store, request(0, i)));
            }
            faults[0].failRead(new IOException(EIO));

            assertThatThrownBy(() -> store.read("t", 0, 0, 1, 1 << 20))
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining(directory.resolve("commitlog").resolve("00000000000000000000").toString())
                    .hasMessageContaining("at offset 0")
                    .hasMessageContaining(EIO);
            assertThatThrownBy(() -> store.readByPosition(acked.getFirst().result.position()))
                    .isInstanceOf(StoreException.class).hasMessageContaining(EIO);

            // Everything else goes on: recent records come from memory, appends are written.
            Acked newest = acked.getLast();
            await().atMost(TIMEOUT).until(() -> store.status().dispatchedPosition()
                    >= newest.result.position() + newest.result.length());
            assertThat(store.read("t", 0, newest.result.queueOffset(), 1, 1 << 20).messages()).singleElement()
                    .satisfies(m -> assertThat(m.body()).isEqualTo(newest.request.body()));
            acked.add(appendAcked(store, request(0, 500)));
            assertThat(store.status().failed()).isFalse();

            faults[0].failRead(null);
            assertReadable(store, acked);
        }
    }

    // -------------------------------------------------------------------------------------------------------------
    // A real full file system

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.tandem.store.TestEngines#all")
    void shouldRecoverFromARealFullFileSystem(TestEngines.Named engine) throws Exception {
        try (TinyFileSystem fs = TinyFileSystem.mount(directory.resolve("tiny"), 8 * MIB)) {
            if (engine.name().equals("uring")) {
                assumeThat(UringIoEngine.probe(fs.path())).as("io_uring with O_DIRECT on tmpfs").isEmpty();
            }
            Path storeDirectory = fs.path().resolve("store");
            // The disk is measured only when the test asks: the appends meet the real ENOSPC, not the mark.
            StoreConfig config = config(storeDirectory, engine, Durability.SYNC)
                    .segmentSize(256 * 1024).tailCacheSize(MIB)
                    .diskUsageProbe(DiskUsage::of).diskUsageHighWaterMark(1).diskUsageRetentionThreshold(1)
                    .diskCheckInterval(Duration.ofHours(1)).build();
            List<Acked> acked = new ArrayList<>();
            Path filler;
            try (MessageStore store = CommitLogMessageStore.open(config)) {
                for (int i = 0; i < 50; i++) {
                    acked.add(appendAcked(store, request(i % 3, i)));
                }
                assertReadable(store, acked);
                List<Acked> readableBeforeTheDiskFilled = List.copyOf(acked);
                filler = fs.fill("filler", 0);

                // Append until one is refused (the dispatcher met the full disk) or waits (the flusher did).
                CompletableFuture<AppendResult> waiting = null;
                AppendRequest waitingRequest = null;
                for (int i = 0; i < 2000 && waiting == null; i++) {
                    AppendRequest request = request(i % 3, 1000 + i);
                    CompletableFuture<AppendResult> future = store.append(request);
                    try {
                        AppendResult result = future.get(2, TimeUnit.SECONDS);
                        if (!result.appended()) {
                            break;
                        }
                        acked.add(new Acked(request, result));
                    } catch (TimeoutException e) {
                        waiting = future;
                        waitingRequest = request;
                    }
                }
                await().atMost(TIMEOUT).until(() -> store.diskStatus().outOfSpace());
                assertThat(store.status().failed()).isFalse();
                assertThat(store.append(request(0, 5000)).get(1, TimeUnit.SECONDS).status()).isEqualTo(AppendStatus.DISK_FULL);
                // Records acknowledged since may wait for room for their consume queue entries to be readable.
                assertReadable(store, readableBeforeTheDiskFilled);

                Files.delete(filler);
                if (waiting != null) {
                    AppendResult late = waiting.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                    assertThat(late.status()).isEqualTo(AppendStatus.APPENDED);
                    acked.add(new Acked(waitingRequest, late));
                }
                await().atMost(TIMEOUT).until(() -> !store.checkDisk().outOfSpace());
                for (int i = 0; i < 10; i++) {
                    acked.add(appendAcked(store, request(i % 3, 6000 + i)));
                }
                assertReadable(store, acked);
            }
            assertRecovered(config, acked);
        }
    }

    // -------------------------------------------------------------------------------------------------------------

    private record Acked(AppendRequest request, AppendResult result) {
    }

    private static Acked appendAcked(MessageStore store, AppendRequest request) throws Exception {
        AppendResult result = store.append(request).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        assertThat(result.status()).as("append of %s", request).isEqualTo(AppendStatus.APPENDED);
        return new Acked(request, result);
    }

    private static void assertReadable(MessageStore store, List<Acked> acked) {
        await().atMost(TIMEOUT).until(() -> store.status().dispatchedPosition() >= acked.stream()
                .mapToLong(a -> a.result.position() + a.result.length()).max().orElse(0));
        for (Acked a : acked) {
            ReadResult read = store.read(a.request.topic(), a.request.queueId(), a.result.queueOffset(), 1, 1 << 20);
            assertThat(read.messages()).as("acknowledged %s", a.result).singleElement().satisfies(m -> {
                assertThat(m.position()).isEqualTo(a.result.position());
                assertThat(m.body()).isEqualTo(a.request.body());
            });
        }
    }

    private void assertRecovered(TestEngines.Named engine, List<Acked> acked) throws Exception {
        assertRecovered(config(engine, Durability.SYNC).diskUsageProbe(DiskUsage::of).build(), acked);
    }

    /** Reopens the store: every acknowledged record is there and intact, queues are dense, appends continue. */
    private static void assertRecovered(StoreConfig config, List<Acked> acked) throws Exception {
        try (MessageStore store = CommitLogMessageStore.open(config)) {
            assertThat(store.status().failed()).isFalse();
            assertReadable(store, acked);
            for (int queueId = 0; queueId < 3; queueId++) {
                long max = store.maxOffset("t", queueId);
                for (long offset = 0; offset < max; offset++) {
                    ReadResult read = store.read("t", queueId, offset, 1, 1 << 20);
                    assertThat(read.status()).as("t/%d offset %d of %d", queueId, offset, max).isEqualTo(ReadStatus.FOUND);
                }
            }
            assertThat(store.append(request(0, 9999)).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).status())
                    .isEqualTo(AppendStatus.APPENDED);
        }
    }
}
