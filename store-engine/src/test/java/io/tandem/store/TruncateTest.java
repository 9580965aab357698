package io.tandem.store;

import io.tandem.store.engine.CommitLogMessageStore;
import io.tandem.store.recovery.Checkpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * {@link CommitLogMessageStore#truncate}: a replica cuts its log back to where it diverged from its leader's, and
 * the store opens afterwards as if nothing after the cut had ever been appended.
 */
@ParameterizedClass
@MethodSource("io.tandem.store.TestEngines#all")
class TruncateTest {

    private static final long SEGMENT_SIZE = 64 * 1024;
    private static final String TOPIC = "orders";
    private static final int QUEUES = 3;
    private static final int MESSAGES = 900;

    @Parameter
    TestEngines.Named engine;

    @TempDir
    Path directory;

    private StoreConfig config(Path storeDirectory) {
        return StoreConfig.builder(storeDirectory)
                .ioEngineFactory(engine.factory())
                .durability(Durability.SYNC)
                .segmentSize(SEGMENT_SIZE)
                .maxRecordSize(8 * 1024)
                .tailCacheSize(128 * 1024)
                .consumeQueueFileEntries(64)
                .indexSlots(64)
                .indexFileEntries(128)
                .build();
    }

    private StoreConfig config() {
        return config(directory);
    }

    private static byte[] body(int i) {
        return ("message-" + i + "-" + "x".repeat(i % 300)).getBytes(StandardCharsets.UTF_8);
    }

    /** Appends {@link #MESSAGES} messages spread over the queues, spanning several segments, and closes the store. */
    private List<AppendResult> fill() throws Exception {
        List<AppendResult> results = new ArrayList<>();
        try (MessageStore store = CommitLogMessageStore.open(config())) {
            for (int i = 0; i < MESSAGES; i++) {
                results.add(store.append(AppendRequest.of(TOPIC, i % QUEUES, body(i)).withKeys(List.of("key-" + i))).get());
            }
        }
        assertThat(results.getLast().position()).as("the log spans several segments").isGreaterThan(3 * SEGMENT_SIZE);
        return results;
    }

    /**
     * Opens the store and checks that it holds exactly the first {@code kept} messages, in every queue and by key,
     * then that new appends continue at {@code cut} with the queue offsets that follow the kept messages.
     */
    private void assertHoldsExactly(int kept, long cut) throws Exception {
        try (MessageStore store = CommitLogMessageStore.open(config())) {
            assertThat(store.status().writePosition()).isEqualTo(cut);
            for (int queue = 0; queue < QUEUES; queue++) {
                List<byte[]> bodies = new ArrayList<>();
                long offset = 0;
                while (true) {
                    ReadResult result = store.read(TOPIC, queue, offset, 64, 1 << 20);
                    if (result.status() != ReadStatus.FOUND) {
                        break;
                    }
                    for (StoredMessage message : result.messages()) {
                        assertThat(message.position()).isLessThan(cut);
                        bodies.add(message.body());
                    }
                    offset = result.nextOffset();
                }
                List<byte[]> expected = new ArrayList<>();
                for (int i = queue; i < kept; i += QUEUES) {
                    expected.add(body(i));
                }
                assertThat(bodies).as("queue %d", queue).containsExactlyElementsOf(expected);
                assertThat(store.maxOffset(TOPIC, queue)).as("max offset of queue %d", queue).isEqualTo(expected.size());
            }
            if (kept > 0) {
                assertThat(store.lookupByKey(TOPIC, "key-" + (kept - 1), 10)).extracting(StoredMessage::body)
                        .containsExactly(body(kept - 1));
            }
            assertThat(store.lookupByKey(TOPIC, "key-" + kept, 10)).as("the first discarded message by key").isEmpty();
            assertThat(store.readByPosition(cut)).isEmpty();

            int next = kept;
            // The new record reuses the key of the first discarded one: lookups find the new record only.
            AppendResult appended = store.append(AppendRequest.of(TOPIC, next % QUEUES,
                    "after the cut".getBytes(StandardCharsets.UTF_8)).withKeys(List.of("key-" + kept))).get();
            assertThat(appended.position()).as("the first append after the cut").isEqualTo(cut);
            long expectedQueueOffset = kept / QUEUES;
            assertThat(appended.queueOffset()).isEqualTo(expectedQueueOffset);
            await().untilAsserted(() -> {
                ReadResult read = store.read(TOPIC, next % QUEUES, expectedQueueOffset, 10, 1 << 20);
                assertThat(read.status()).isEqualTo(ReadStatus.FOUND);
                assertThat(read.messages()).extracting(StoredMessage::body)
                        .containsExactly("after the cut".getBytes(StandardCharsets.UTF_8));
                assertThat(store.lookupByKey(TOPIC, "key-" + kept, 10)).extracting(StoredMessage::body)
                        .containsExactly("after the cut".getBytes(StandardCharsets.UTF_8));
            });
        }
    }

    private List<String> segmentFiles() throws IOException {
        try (Stream<Path> files = Files.list(directory.resolve("commitlog"))) {
            return files.map(file -> file.getFileName().toString()).filter(name -> name.matches("\\d{20}")).sorted().toList();
        }
    }

    @Test
    void shouldDiscardEverythingFromARecordInTheMiddleOfASegment() throws Exception {
        List<AppendResult> results = fill();
        int kept = MESSAGES / 2 + 7;
        long cut = results.get(kept).position();
        assertThat(cut % SEGMENT_SIZE).isNotZero();

        CommitLogMessageStore.truncate(config(), cut);

        assertThat(segmentFiles()).last().isEqualTo(String.format("%020d", cut - cut % SEGMENT_SIZE));
        assertHoldsExactly(kept, cut);
        // The append after the cut is durable like any other: it survives another reopen.
        try (MessageStore store = CommitLogMessageStore.open(config())) {
            assertThat(store.readByPosition(cut)).get().extracting(StoredMessage::body)
                    .isEqualTo("after the cut".getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void shouldCutAcrossSegmentsAtTheStartOfASegment() throws Exception {
        List<AppendResult> results = fill();
        int kept = -1;
        for (int i = 1; i < results.size(); i++) {
            if (results.get(i).position() == 2 * SEGMENT_SIZE) {
                kept = i;
            }
        }
        assertThat(kept).as("a record starts the third segment").isPositive();

        CommitLogMessageStore.truncate(config(), 2 * SEGMENT_SIZE);

        assertThat(segmentFiles()).containsExactly(String.format("%020d", 0), String.format("%020d", SEGMENT_SIZE));
        assertHoldsExactly(kept, 2 * SEGMENT_SIZE);
    }

    @Test
    void shouldChangeNothingWhenCutAtTheEnd() throws Exception {
        List<AppendResult> results = fill();
        long end = results.getLast().position() + results.getLast().length();
        List<String> before = segmentFiles();

        CommitLogMessageStore.truncate(config(), end);

        assertThat(segmentFiles()).isEqualTo(before);
        assertHoldsExactly(MESSAGES, end);
    }

    @Test
    void shouldDiscardEverythingWhenCutAtZero() throws Exception {
        fill();

        CommitLogMessageStore.truncate(config(), 0);

        assertThat(segmentFiles()).containsExactly(String.format("%020d", 0));
        assertHoldsExactly(0, 0);
    }

    @Test
    void shouldRefuseAPositionInsideARecordAndChangeNothing() throws Exception {
        List<AppendResult> results = fill();
        AppendResult record = results.get(MESSAGES / 3);
        long inside = record.position() + 1;

        assertThatThrownBy(() -> CommitLogMessageStore.truncate(config(), inside))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("position " + inside + " lies inside the record at " + record.position())
                .hasMessageContaining(Long.toString(record.position() + record.length()));
        long end = results.getLast().position() + results.getLast().length();
        assertThatThrownBy(() -> CommitLogMessageStore.truncate(config(), end + 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("position " + (end + 1) + " is outside the commit log");

        assertHoldsExactly(MESSAGES, end);
    }

    @Test
    void shouldRefuseAPositionInTheUnusedEndOfASegment() throws Exception {
        List<AppendResult> results = fill();
        int last = -1;
        for (int i = 0; i + 1 < results.size(); i++) {
            if (results.get(i + 1).position() == SEGMENT_SIZE) {
                last = i;
            }
        }
        long dataEnd = results.get(last).position() + results.get(last).length();
        assertThat(dataEnd).as("the first segment ends with unused space").isLessThan(SEGMENT_SIZE);

        assertThatThrownBy(() -> CommitLogMessageStore.truncate(config(), dataEnd + 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("position " + (dataEnd + 1) + " lies")
                .hasMessageContaining(Long.toString(SEGMENT_SIZE));
        CommitLogMessageStore.truncate(config(), dataEnd);
        assertHoldsExactly(last + 1, dataEnd);
    }

    @Test
    void shouldRefuseWhileTheStoreIsOpen() throws Exception {
        List<AppendResult> results = fill();
        try (MessageStore store = CommitLogMessageStore.open(config())) {
            assertThatThrownBy(() -> CommitLogMessageStore.truncate(config(), 0))
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining("store directory " + directory + " is open");
            assertThat(store.maxOffset(TOPIC, 0)).isEqualTo(MESSAGES / QUEUES);
        }
        long end = results.getLast().position() + results.getLast().length();
        assertHoldsExactly(MESSAGES, end);
    }

    /**
     * A crash after the cut segment was zeroed but before the later segments and index entries were deleted: the
     * next open finds the zeros followed by records that were never synced after them, a torn tail, and completes
     * the cut.
     */
    @Test
    void shouldCompleteACutInterruptedByACrash() throws Exception {
        List<AppendResult> results = fill();
        int kept = MESSAGES / 4;
        long cut = results.get(kept).position();
        Path before = directory.resolveSibling(directory.getFileName() + "-before");
        copyTree(directory, before);
        String cutSegment = String.format("%020d", cut - cut % SEGMENT_SIZE);

        CommitLogMessageStore.truncate(config(), cut);

        // Rebuild the state of the interrupted cut: everything as before, but for the zeroed segment and the
        // lowered checkpoint.
        Files.copy(directory.resolve("commitlog").resolve(cutSegment), before.resolve("commitlog").resolve(cutSegment),
                StandardCopyOption.REPLACE_EXISTING);
        try (Checkpoint checkpoint = Checkpoint.open(before.resolve("checkpoint"))) {
            checkpoint.write(false, cut, cut, 0);
        }
        deleteTree(directory);
        copyTree(before, directory);
        deleteTree(before);

        assertHoldsExactly(kept, cut);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path source : walk.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else if (!source.getFileName().toString().equals("lock")) {
                    Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path path : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
