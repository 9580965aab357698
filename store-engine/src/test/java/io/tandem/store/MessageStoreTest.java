package io.tandem.store;

import io.tandem.store.engine.CommitLogMessageStore;
import io.tandem.store.log.CommitLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

@ParameterizedClass
@MethodSource("io.tandem.store.TestEngines#all")
class MessageStoreTest {

    private static final long SEGMENT_SIZE = 64 * 1024;

    @Parameter
    TestEngines.Named engine;

    @TempDir
    Path directory;

    private StoreConfig.Builder config(Durability durability) {
        return StoreConfig.builder(directory)
                .ioEngineFactory(engine.factory())
                .durability(durability)
                .segmentSize(SEGMENT_SIZE)
                .maxRecordSize(8 * 1024)
                .tailCacheSize(128 * 1024)
                .consumeQueueFileEntries(64)
                .indexSlots(64)
                .indexFileEntries(128);
    }

    private static byte[] body(int i) {
        return ("message-" + i + "-" + "x".repeat(i % 300)).getBytes(StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @EnumSource(Durability.class)
    void shouldReadBackAppendedRecordsInQueueOrderAcrossSegments(Durability durability) throws Exception {
        List<AppendResult> results = new ArrayList<>();
        try (MessageStore store = CommitLogMessageStore.open(config(durability).build())) {
            for (int i = 0; i < 1000; i++) {
                results.add(store.append(AppendRequest.of("orders", i % 3, body(i))).get());
            }
            awaitDispatched(store);
            for (int queue = 0; queue < 3; queue++) {
                long offset = 0;
                int expected = queue;
                while (true) {
                    ReadResult result = store.read("orders", queue, offset, 50, 1 << 20);
                    if (result.status() == ReadStatus.NO_NEW_MESSAGE) {
                        break;
                    }
                    assertThat(result.status()).isEqualTo(ReadStatus.FOUND);
                    for (StoredMessage message : result.messages()) {
                        assertThat(message.body()).isEqualTo(body(expected));
                        assertThat(message.queueOffset()).isEqualTo(offset);
                        assertThat(message.topic()).isEqualTo("orders");
                        offset++;
                        expected += 3;
                    }
                }
                assertThat(expected).isGreaterThanOrEqualTo(1000);
            }
            assertThat(store.status().writePosition()).isGreaterThan(64 * 1024 * 3);
        }
        assertThat(results).extracting(AppendResult::position).isSorted().doesNotHaveDuplicates();
    }

    /**
     * ASYNC acknowledges once the record has left the process: when the future completes, another reader of the
     * segment file (here a plain FileChannel, through the kernel) already finds the whole record there, although
     * nothing was synced. (No periodic sync within the test: the flush interval is an hour.)
     */
    @Test
    void shouldHaveTheRecordInTheFileWhenAnAsyncAppendIsAcknowledged() throws Exception {
        try (MessageStore store = CommitLogMessageStore.open(config(Durability.ASYNC).flushInterval(Duration.ofHours(1)).build())) {
            for (int i = 0; i < 300; i++) {
                AppendRequest request = AppendRequest.of("t", i % 3, i % 50 == 7 ? new byte[7000] : body(i));
                AppendResult acked = i % 10 == 9
                        ? store.appendBatch(List.of(AppendRequest.of("t", 0, body(i)), request)).get().getLast()
                        : store.append(request).get();
                byte[] inFile = readSegmentFile(acked.position(), acked.length());
                StoredMessage stored = store.readByPosition(acked.position()).orElseThrow();
                assertThat(MemorySegment.ofArray(inFile).mismatch(stored.recordBytes()))
                        .as("record %d (%s) in the segment file when its append was acknowledged", i, acked)
                        .isEqualTo(-1L);
            }
            assertThat(store.status().durablePosition()).as("nothing was synced meanwhile").isZero();
        }
    }

    /** Bytes of the commit log as the kernel has them, read past the store. */
    private byte[] readSegmentFile(long position, int length) throws IOException {
        long base = position - position % SEGMENT_SIZE;
        Path file = directory.resolve("commitlog").resolve(String.format("%020d", base));
        assertThat(file).as("segment file holding position %d", position).exists();
        ByteBuffer buffer = ByteBuffer.allocate(length);
        try (FileChannel segment = FileChannel.open(file)) {
            int read = 0;
            while (buffer.hasRemaining() && read >= 0) {
                read = segment.read(buffer, position - base + buffer.position());
            }
        }
        return buffer.array();
    }

    @Test
    void shouldKeepEverythingAcrossReopen() throws Exception {
        StoreConfig config = config(Durability.ASYNC).build();
        try (MessageStore store = CommitLogMessageStore.open(config)) {
            for (int i = 0; i < 500; i++) {
                store.append(AppendRequest.of("t", i % 2, body(i)).withKeys(List.of("k" + i))).get();
            }
        }
        try (MessageStore store = CommitLogMessageStore.open(config)) {
            assertThat(store.maxOffset("t", 0)).isEqualTo(250);
            assertThat(store.maxOffset("t", 1)).isEqualTo(250);
            AppendResult next = store.append(AppendRequest.of("t", 0, body(500))).get();
            assertThat(next.queueOffset()).isEqualTo(250);
            assertThat(store.lookupByKey("t", "k77", 10)).singleElement()
                    .satisfies(m -> assertThat(m.body()).isEqualTo(body(77)));
            ReadResult all = store.read("t", 1, 0, 1000, 1 << 24);
            assertThat(all.messages()).hasSize(250);
        }
    }

    @Test
    void shouldFindMessagesByPositionKeyAndTime() throws Exception {
        java.util.concurrent.atomic.AtomicLong now = new java.util.concurrent.atomic.AtomicLong(1_000_000);
        java.time.Clock clock = new java.time.Clock() {
            public java.time.ZoneId getZone() { return java.time.ZoneOffset.UTC; }
            public java.time.Clock withZone(java.time.ZoneId zone) { return this; }
            public java.time.Instant instant() { return java.time.Instant.ofEpochMilli(now.get()); }
            public long millis() { return now.get(); }
        };
        try (MessageStore store = CommitLogMessageStore.open(config(Durability.SYNC).clock(clock).build())) {
            List<AppendResult> results = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                now.addAndGet(10);
                results.add(store.append(AppendRequest.of("t", i % 4, body(i)).withKeys(List.of("order-" + (i % 10), "id-" + i))).get());
            }
            awaitDispatched(store);
            AppendResult fifth = results.get(5);
            assertThat(store.readByPosition(fifth.position())).get()
                    .satisfies(m -> assertThat(m.body()).isEqualTo(body(5)));
            assertThat(store.readByPosition(fifth.position() + 1)).isEmpty();
            assertThat(store.lookupByKey("t", "order-3", 100)).hasSize(10)
                    .allSatisfy(m -> assertThat(m.keys()).contains("order-3"));
            assertThat(store.lookupByKey("other", "order-3", 100)).isEmpty();
            assertThat(store.lookupByKey("t", "order-3", 4)).hasSize(4);
            List<StoredMessage> window = store.lookupByTime("t", 1_000_000 + 10 * 20, 1_000_000 + 10 * 29, 100);
            assertThat(window).extracting(m -> new String(m.body(), StandardCharsets.UTF_8))
                    .containsExactlyInAnyOrder(java.util.stream.IntStream.range(19, 29).mapToObj(i -> new String(body(i), StandardCharsets.UTF_8)).toArray(String[]::new));
            assertThat(store.offsetForTime("t", 0, 1_000_000 + 10 * 41)).isEqualTo(10);
        }
    }

    @Test
    void shouldRejectRecordsLargerThanTheMaximum() throws Exception {
        try (MessageStore store = CommitLogMessageStore.open(config(Durability.ASYNC).build())) {
            assertThatThrownBy(() -> store.append(AppendRequest.of("t", 0, new byte[9000])).join())
                    .hasCauseInstanceOf(RecordTooLargeException.class)
                    .hasMessageContaining("exceeds the maximum record size of 8192 bytes");
            assertThat(store.append(AppendRequest.of("t", 0, new byte[10])).get().queueOffset()).isZero();
        }
    }

    @Test
    void shouldRejectUseAfterClose() throws Exception {
        MessageStore store = CommitLogMessageStore.open(config(Durability.ASYNC).build());
        store.close();
        assertThatThrownBy(() -> store.append(AppendRequest.of("t", 0, new byte[10])).join())
                .hasCauseInstanceOf(StoreClosedException.class);
        assertThatThrownBy(() -> store.read("t", 0, 0, 1, 100)).isInstanceOf(StoreClosedException.class);
    }

    @Test
    void shouldAnswerReadsOutsideTheQueueWithAStatus() throws Exception {
        try (MessageStore store = CommitLogMessageStore.open(config(Durability.ASYNC).build())) {
            assertThat(store.read("t", 0, 0, 10, 1000).status()).isEqualTo(ReadStatus.NO_MESSAGE_IN_QUEUE);
            store.append(AppendRequest.of("t", 0, body(1))).get();
            store.append(AppendRequest.of("t", 0, body(2))).get();
            awaitDispatched(store);
            assertThat(store.read("t", 0, 2, 10, 1000).status()).isEqualTo(ReadStatus.NO_NEW_MESSAGE);
            ReadResult overflow = store.read("t", 0, 7, 10, 1000);
            assertThat(overflow.status()).isEqualTo(ReadStatus.OFFSET_OVERFLOW);
            assertThat(overflow.nextOffset()).isEqualTo(2);
            ReadResult filtered = store.read("t", 0, 0, 10, 1000, tag -> false);
            assertThat(filtered.status()).isEqualTo(ReadStatus.NO_MATCHED_MESSAGE);
            assertThat(filtered.nextOffset()).isEqualTo(2);
        }
    }

    @Test
    void shouldDeleteOldSegmentsAndReportMovedOffsets() throws Exception {
        try (MessageStore store = CommitLogMessageStore.open(config(Durability.ASYNC).retentionBytes(4 * 64 * 1024).build())) {
            for (int i = 0; i < 2000; i++) {
                store.append(AppendRequest.of("t", 0, body(i))).get();
            }
            store.flush();
            awaitDispatched(store);
            int deleted = store.runRetention();
            assertThat(deleted).isGreaterThan(0);
            long min = store.minOffset("t", 0);
            assertThat(min).isGreaterThan(0);
            ReadResult moved = store.read("t", 0, 0, 10, 1 << 20);
            assertThat(moved.status()).isEqualTo(ReadStatus.OFFSET_MOVED);
            assertThat(moved.nextOffset()).isEqualTo(min);
            ReadResult first = store.read("t", 0, min, 1, 1 << 20);
            assertThat(first.messages()).singleElement().satisfies(m -> assertThat(m.body()).isEqualTo(body((int) min)));
        }
    }

    /**
     * The dispatcher is stopped on the first record (its arrival listener blocks) while one thread appends far more
     * than the tail cache holds: the appender must be held back inside {@code append} with at most a tail cache of
     * records ahead of the dispatcher, and finish once the dispatcher moves again.
     */
    @Test
    void shouldHoldAsyncAppendersBackWhileTheDispatcherIsATailCacheBehind() throws Exception {
        StoreConfig config = config(Durability.ASYNC).build();
        int records = 600;
        int bodyLength = 1024;
        try (MessageStore store = CommitLogMessageStore.open(config)) {
            CountDownLatch dispatcherReleased = new CountDownLatch(1);
            store.addArrivalListener((topic, queueId, offset, tagHash) -> {
                try {
                    dispatcherReleased.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            AtomicInteger acked = new AtomicInteger();
            AtomicLong lastAckedEnd = new AtomicLong();
            Thread appender = Thread.ofPlatform().name("appender").start(() -> {
                for (int i = 0; i < records; i++) {
                    AppendResult result = store.append(AppendRequest.of("t", i % 2, new byte[bodyLength])).join();
                    lastAckedEnd.set(result.position() + result.length());
                    acked.incrementAndGet();
                }
            });
            try {
                await().atMost(Duration.ofSeconds(10)).until(() -> isWaitingForRingSpace(appender));
                assertThat(lastAckedEnd.get() - store.status().dispatchedPosition())
                        .as("acknowledged bytes ahead of the stopped dispatcher")
                        .isGreaterThan(config.tailCacheSize() / 2)
                        .isLessThanOrEqualTo(config.tailCacheSize());
                assertThat(acked.get()).as("appends acknowledged while the dispatcher stood still").isLessThan(records);
            } finally {
                dispatcherReleased.countDown();
            }
            appender.join(Duration.ofSeconds(30).toMillis());
            assertThat(appender.isAlive()).as("the appender finished once the dispatcher moved on").isFalse();
            assertThat(acked.get()).isEqualTo(records);
            awaitDispatched(store);
            assertThat(store.maxOffset("t", 0) + store.maxOffset("t", 1)).isEqualTo(records);
        }
    }

    private static boolean isWaitingForRingSpace(Thread thread) {
        return Arrays.stream(thread.getStackTrace())
                .anyMatch(frame -> frame.getClassName().equals(CommitLog.class.getName())
                        && frame.getMethodName().equals("awaitRingSpace"));
    }

    static void awaitDispatched(MessageStore store) {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                .until(() -> store.status().dispatchedPosition() == store.status().writePosition());
    }
}
