package io.tandem.store;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.tandem.store.engine.CommitLogMessageStore;
import io.tandem.store.recovery.Checkpoint;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.IntUnaryOperator;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.fail;

/**
 * What the store does with damaged files: a torn last record is cut wherever the write stopped and everything
 * acknowledged before it survives; damage in the middle of the commit log is reported as
 * {@link StoreCorruptedException} naming the segment file and offset (at open when recovery verifies that part
 * of the log, else on the read of the damaged record) and never cut away silently; one flipped bit anywhere in
 * any store file never makes the store return a wrong record, and damage to derived data or the checkpoint is
 * repaired completely.
 *
 * <p>Every damaged store is a plain file copy of a store built once per test, so each case starts from the
 * same bytes. Bit flips are chosen by seeded {@link Random}s; every assertion names the seed (the base seed can
 * be changed with {@code -Dtandem.damage.seed=N}).
 */
class DamagedFilesTest {

    private static final String TOPIC = "orders";
    private static final int QUEUES = 2;
    private static final long SEGMENT_SIZE = 64 * 1024;
    private static final int TORN_BODY_LENGTH = 200;
    private static final int RECORD_PREFIX_ALWAYS_CUT = 24;
    private static final int SEEDS_PER_FILE_KIND = 16;
    private static final long BASE_SEED = Long.getLong("tandem.damage.seed", 20_250_601L);
    private static final long TIMEOUT_SECONDS = 10;

    @TempDir
    Path temp;

    // ---------------------------------------------------------------------------------------------------------
    // 1. Torn write of the last record

    /** Where the torn record lies in the log. */
    enum TornPlacement {
        /** After other records of the same segment (which itself follows a full segment). */
        MID_SEGMENT,
        /** First record of a new segment; the previous segment was closed with a filler for it. */
        FIRST_IN_NEW_SEGMENT
    }

    /** What the consume queues and the key index knew when the process died. */
    enum DerivedState {
        /** The torn record had been dispatched: its queue entry and key are in the derived files. */
        DISPATCHED_TORN_RECORD,
        /** The derived files are as they were at the checkpoint, before the torn record. */
        BEHIND_TORN_RECORD
    }

    /** Which cut points of the torn record are tried (every one costs two opens, an append and two closes). */
    enum CutPoints {
        EVERY_BYTE(1),
        /** The first 24 bytes (length, CRC, magic, queue id, part of the position), then every 4th, and the last. */
        EVERY_4TH_BYTE(4),
        /** The first 24 bytes, then every 16th, and the last. */
        EVERY_16TH_BYTE(16);

        private final int stride;

        CutPoints(int stride) {
            this.stride = stride;
        }

        boolean includes(int cut, int recordLength) {
            return cut < RECORD_PREFIX_ALWAYS_CUT || cut % stride == 0 || cut == recordLength - 1;
        }
    }

    /** Every byte for the plain crash image; the other placements and derived states on a sample of bytes. */
    static Stream<Arguments> tornWriteCases() {
        return TestEngines.all().flatMap(engine -> Stream.of(
                Arguments.of(engine, TornPlacement.MID_SEGMENT, DerivedState.DISPATCHED_TORN_RECORD, CutPoints.EVERY_BYTE),
                Arguments.of(engine, TornPlacement.MID_SEGMENT, DerivedState.BEHIND_TORN_RECORD, CutPoints.EVERY_4TH_BYTE),
                Arguments.of(engine, TornPlacement.FIRST_IN_NEW_SEGMENT, DerivedState.DISPATCHED_TORN_RECORD, CutPoints.EVERY_16TH_BYTE),
                Arguments.of(engine, TornPlacement.FIRST_IN_NEW_SEGMENT, DerivedState.BEHIND_TORN_RECORD, CutPoints.EVERY_16TH_BYTE)));
    }

    /**
     * The crash image: N records acknowledged (SYNC) and covered by a checkpoint, then one more record appended
     * and the directory copied while the store is still open, so the checkpoint's durable position stops before
     * the last record. For every byte of the last record (header and body; a sample of them for the variants,
     * see {@link #tornWriteCases()}) a copy is made in which the segment
     * holds the record only up to that byte and zeros after it; the store must open, cut the torn record (and
     * log the cut), keep all N records bit-exact, and accept the next record in its place (findable by queue
     * offset, position and key, also after a clean reopen).
     */
    @ParameterizedTest(name = "{0}: torn record {1}, derived data {2}, {3}")
    @MethodSource("tornWriteCases")
    void shouldCutATornLastRecordAtEveryByteAndKeepEveryRecordAcknowledgedBeforeIt(
            TestEngines.Named engine, TornPlacement placement, DerivedState derived, CutPoints cutPoints) throws Exception {
        Path original = temp.resolve("original");
        Path before = temp.resolve("image-at-checkpoint");
        Path after = temp.resolve("image-after-last-append");
        List<Acked> earlier = new ArrayList<>();
        Acked torn;
        try (MessageStore store = CommitLogMessageStore.open(config(original, engine))) {
            int recordLength = -1;
            for (int i = 0; ; i++) {
                long end = store.status().writePosition();
                boolean enough = recordLength > 0 && switch (placement) {
                    case MID_SEGMENT -> end >= SEGMENT_SIZE + 8L * recordLength;
                    case FIRST_IN_NEW_SEGMENT -> end + recordLength > SEGMENT_SIZE;
                };
                if (enough) {
                    break;
                }
                AppendRequest request = request(i, i % QUEUES, TORN_BODY_LENGTH);
                AppendResult result = store.append(request).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                recordLength = result.length();
                earlier.add(new Acked(request, result, null));
            }
            awaitDispatched(store);
            earlier.replaceAll(acked -> capture(store, acked.request(), acked.result()));
            store.checkpoint();
            copyStore(original, before);

            AppendRequest last = request(99_999, 0, TORN_BODY_LENGTH);
            torn = capture(store, last, store.append(last).get(TIMEOUT_SECONDS, TimeUnit.SECONDS));
            copyStore(original, after);
        }
        Acked lastEarlier = earlier.getLast();
        long checkpointed = lastEarlier.position() + lastEarlier.length();
        assertThat(torn.length()).as("torn record length").isEqualTo(lastEarlier.length());
        assertThat(torn.position()).as("torn record position").isEqualTo(switch (placement) {
            case MID_SEGMENT -> checkpointed;
            case FIRST_IN_NEW_SEGMENT -> SEGMENT_SIZE;
        });
        assertThat(torn.position() % SEGMENT_SIZE).as("torn record offset in its segment")
                .isEqualTo(placement == TornPlacement.MID_SEGMENT ? checkpointed - SEGMENT_SIZE : 0);
        assertThat(Files.readAllBytes(after.resolve("checkpoint")))
                .as("no checkpoint was written after the last append")
                .isEqualTo(Files.readAllBytes(before.resolve("checkpoint")));
        assertThat(readCheckpoint(after).durablePosition()).as("durable position in the crash image's checkpoint")
                .isEqualTo(checkpointed);

        Path image = after;
        if (derived == DerivedState.BEHIND_TORN_RECORD) {
            image = temp.resolve("image-derived-behind");
            copyStore(before, image);
            deleteRecursively(image.resolve("commitlog"));
            copyStore(after.resolve("commitlog"), image.resolve("commitlog"));
        }

        Map<Integer, List<Acked>> earlierByQueue = byQueue(earlier);
        long tornQueueSize = earlierByQueue.get(torn.queueId()).size();
        Path tornSegmentName = segment(image, torn.segmentBase()).getFileName();
        try (CapturedLog scannerLog = CapturedLog.of("io.tandem.store.log.LogScanner")) {
            for (int cut = 0; cut < torn.length(); cut++) {
                if (!cutPoints.includes(cut, torn.length())) {
                    continue;
                }
                String context = engine + ", torn record " + placement + " at position " + torn.position()
                        + ", derived data " + derived + ", record written up to byte " + cut + " of " + torn.length();
                Path copy = temp.resolve("cut-" + cut);
                copyStore(image, copy);
                Path tornSegment = segment(copy, torn.segmentBase());
                zeroFill(tornSegment, torn.fileOffset() + cut, torn.length() - cut);
                assertThat(Files.size(tornSegment)).isEqualTo(SEGMENT_SIZE);
                scannerLog.clear();
                StoreConfig config = config(copy, engine);

                AppendRequest replacement = AppendRequest.of(TOPIC, torn.queueId(), body(7_777, 50)).withKeys(List.of("key-after-cut"));
                Acked again;
                try (MessageStore store = CommitLogMessageStore.open(config)) {
                    assertThat(store.status().writePosition()).as(context + ": log end after recovery").isEqualTo(torn.position());
                    assertThat(store.maxOffset(TOPIC, torn.queueId())).as(context + ": max offset of the torn record's queue")
                            .isEqualTo(tornQueueSize);
                    assertThat(store.readByPosition(torn.position())).as(context + ": the torn record by position").isEmpty();
                    assertThat(store.lookupByKey(TOPIC, torn.key(), 10)).as(context + ": the torn record by key").isEmpty();
                    for (int queue = 0; queue < QUEUES; queue++) {
                        assertQueueHoldsExactly(store, queue, earlierByQueue.get(queue), context);
                    }
                    assertThat(store.readByPosition(lastEarlier.position()))
                            .as(context + ": the last record before the torn one, by position")
                            .hasValueSatisfying(message -> assertBitExact(message, lastEarlier, context));

                    again = capture(store, replacement, store.append(replacement).get(TIMEOUT_SECONDS, TimeUnit.SECONDS));
                    assertThat(again.queueOffset()).as(context + ": queue offset of the first append after the cut")
                            .isEqualTo(tornQueueSize);
                    assertThat(again.position()).as(context + ": position of the first append after the cut")
                            .isEqualTo(torn.position());
                    assertThat(store.lookupByKey(TOPIC, "key-after-cut", 10))
                            .as(context + ": the record appended where the torn one was, by key")
                            .singleElement().satisfies(message -> assertBitExact(message, again, context));
                }
                if (cut > 0) {
                    assertThat(scannerLog.warnings())
                            .as(context + ": the cut of the torn tail is logged naming segment and file offset")
                            .anySatisfy(line -> assertThat(line).contains("torn tail").contains(tornSegmentName.toString())
                                    .contains("file offset " + torn.fileOffset()));
                }
                try (MessageStore store = CommitLogMessageStore.open(config)) {
                    assertThat(store.status().writePosition()).as(context + ": log end after a clean reopen")
                            .isEqualTo(torn.position() + again.length());
                    assertThat(store.maxOffset(TOPIC, torn.queueId())).as(context + ": max offset after a clean reopen")
                            .isEqualTo(tornQueueSize + 1);
                    ReadResult result = store.read(TOPIC, again.queueId(), again.queueOffset(), 1, 1 << 20);
                    assertThat(result.messages()).as(context + ": the record appended after the cut, after a reopen")
                            .singleElement().satisfies(message -> assertBitExact(message, again, context));
                    assertThat(store.lookupByKey(TOPIC, "key-after-cut", 10))
                            .as(context + ": the record appended after the cut, by key after a reopen")
                            .singleElement().satisfies(message -> assertBitExact(message, again, context));
                    assertThat(store.readByPosition(lastEarlier.position()))
                            .as(context + ": the last record before the torn one, after a reopen")
                            .hasValueSatisfying(message -> assertBitExact(message, lastEarlier, context));
                }
                deleteRecursively(copy);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.tandem.store.TestEngines#all")
    void shouldRefuseASegmentFileCutShortInsideDurableDataNamingIt(TestEngines.Named engine) throws Exception {
        Path directory = temp.resolve("store");
        try (MessageStore store = CommitLogMessageStore.open(config(directory, engine))) {
            appendRecords(store, 0, 20, i -> 100);
        }
        Path segment = segment(directory, 0);
        byte[] kept;
        try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            channel.truncate(1000);
            kept = new byte[1000];
            channel.read(java.nio.ByteBuffer.wrap(kept), 0);
        }
        StoreCorruptedException e = catchThrowableOfType(StoreCorruptedException.class,
                () -> CommitLogMessageStore.open(config(directory, engine)).close());
        assertThat(e).as("open of a store whose segment file lost durable records").isNotNull();
        assertThat(e.file().toAbsolutePath()).isEqualTo(segment.toAbsolutePath());
        byte[] after = new byte[1000];
        try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.READ)) {
            channel.read(java.nio.ByteBuffer.wrap(after), 0);
        }
        assertThat(after).as("the bytes that were left are untouched").isEqualTo(kept);
    }

    @ParameterizedTest
    @MethodSource("io.tandem.store.TestEngines#all")
    void shouldOpenWhenTheNewestSegmentFileWasCutShortByACrashDuringItsCreation(TestEngines.Named engine) throws Exception {
        Path directory = temp.resolve("store");
        List<Acked> records;
        try (MessageStore store = CommitLogMessageStore.open(config(directory, engine))) {
            records = appendRecords(store, 0, 20, i -> 100);
        }
        Path next = directory.resolve("commitlog").resolve(String.format("%020d", SEGMENT_SIZE));
        Files.createFile(next);
        try (MessageStore store = CommitLogMessageStore.open(config(directory, engine))) {
            for (Acked acked : records) {
                assertThat(store.readByPosition(acked.result().position())).as("record %s", acked.result())
                        .hasValueSatisfying(m -> assertThat(m.body()).isEqualTo(acked.request().body()));
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // 2. Damage in the middle of the commit log

    /** How a record in the middle of the log is damaged. */
    enum Damage {
        BODY_BYTES_INVERTED {
            @Override
            void apply(byte[] record) {
                for (int i = record.length - 40; i < record.length - 30; i++) {
                    record[i] ^= (byte) 0xFF;
                }
            }
        },
        CRC_BIT_FLIPPED {
            @Override
            void apply(byte[] record) {
                record[4] ^= 0x10;
            }
        },
        MAGIC_BIT_FLIPPED {
            @Override
            void apply(byte[] record) {
                record[8] ^= 0x01;
            }
        },
        SELF_POSITION_BIT_FLIPPED {
            @Override
            void apply(byte[] record) {
                record[16] ^= 0x08;
            }
        },
        LENGTH_OFF_BY_ONE {
            @Override
            void apply(byte[] record) {
                record[0] ^= 0x01;
            }
        },
        LENGTH_BEYOND_MAXIMUM {
            @Override
            void apply(byte[] record) {
                record[2] ^= 0x01;
            }
        },
        /** A lost write: the record's bytes are zeros. Only used where recovery verifies the log. */
        ZEROED {
            @Override
            void apply(byte[] record) {
                Arrays.fill(record, (byte) 0);
            }
        };

        abstract void apply(byte[] record);
    }

    static Stream<Arguments> enginesAndBitLevelDamages() {
        return TestEngines.all().flatMap(engine -> Stream.of(Damage.values())
                .filter(damage -> damage != Damage.ZEROED)
                .map(damage -> Arguments.of(engine, damage)));
    }

    static Stream<Arguments> enginesAndDamages() {
        return TestEngines.all().flatMap(engine -> Stream.of(Damage.values()).map(damage -> Arguments.of(engine, damage)));
    }

    /** Why recovery verifies the damaged part of the log although it lies before the durable position. */
    enum VerifiedBecause {
        /** The checkpoint's dispatched position lags its durable position: the log is verified from there. */
        DISPATCH_LAGGED_BEHIND_DURABLE,
        /** Both checkpoint slots are damaged: the whole log is verified. */
        CHECKPOINT_UNREADABLE
    }

    static Stream<Arguments> enginesDamagesAndReasons() {
        return enginesAndDamages().flatMap(arguments -> Stream.of(VerifiedBecause.values())
                .map(reason -> Arguments.of(arguments.get()[0], arguments.get()[1], reason)));
    }

    /** A middle store: 80 records in one segment, a checkpoint after the first 40; built by {@link #middleStore}. */
    private record MiddleStore(List<Acked> records, long checkpointed, Path cleanlyClosed, Path crashImage) {
    }

    private MiddleStore middleStore(TestEngines.Named engine) throws Exception {
        Path cleanlyClosed = temp.resolve("cleanly-closed");
        Path crashImage = temp.resolve("crash-image");
        List<Acked> records = new ArrayList<>();
        long checkpointed;
        try (MessageStore store = CommitLogMessageStore.open(config(cleanlyClosed, engine))) {
            records.addAll(appendRecords(store, 0, 40, i -> 100 + (i * 37) % 100));
            store.checkpoint();
            checkpointed = store.status().durablePosition();
            records.addAll(appendRecords(store, 40, 40, i -> 100 + (i * 37) % 100));
            copyStore(cleanlyClosed, crashImage);
        }
        assertThat(records.getLast().position() + records.getLast().length()).isLessThan(SEGMENT_SIZE);
        assertThat(readCheckpoint(crashImage).durablePosition()).isEqualTo(checkpointed);
        return new MiddleStore(records, checkpointed, cleanlyClosed, crashImage);
    }

    /**
     * A cleanly closed store is not re-verified at open, so a damaged record in the middle is found when it is
     * read: every access to it (by queue, by position, by key) reports the damage naming the segment file and
     * offset, and every other record reads back bit-exact.
     */
    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("enginesAndBitLevelDamages")
    void shouldReportADamagedRecordInTheMiddleOfTheLogAtOpenOrWhenItIsRead(TestEngines.Named engine, Damage damage) throws Exception {
        MiddleStore middle = middleStore(engine);
        Acked damaged = middle.records().get(30);
        String context = engine + ", " + damage + " in record " + damaged;
        Path segment = segment(middle.cleanlyClosed(), damaged.segmentBase());
        damageRecord(segment, damaged, damage);

        MessageStore opened;
        try {
            opened = CommitLogMessageStore.open(config(middle.cleanlyClosed(), engine));
        } catch (StoreCorruptedException e) {
            assertNamesRecord(e, segment, damaged, context + ", open");
            return;
        }
        try (MessageStore store = opened) {
            Set<Acked> reported = verifyEveryRecord(store, middle.records(), segment, context);
            assertThat(reported).as(context + ": records reported damaged").containsExactly(damaged);
            StoreCorruptedException byQueue = catchThrowableOfType(StoreCorruptedException.class,
                    () -> store.read(TOPIC, damaged.queueId(), damaged.queueOffset(), 1, 1 << 20));
            assertNamesRecord(byQueue, segment, damaged, context + ", read by queue offset");
            StoreCorruptedException byPosition = catchThrowableOfType(StoreCorruptedException.class,
                    () -> store.readByPosition(damaged.position()));
            assertNamesRecord(byPosition, segment, damaged, context + ", read by position");
            StoreCorruptedException byKey = catchThrowableOfType(StoreCorruptedException.class,
                    () -> store.lookupByKey(TOPIC, damaged.key(), 10));
            assertNamesRecord(byKey, segment, damaged, context + ", lookup by key");
        }
    }

    /**
     * Damage before the checkpoint's durable position in the part of the log that recovery verifies is
     * corruption: open fails naming the segment file and the record's offset, and leaves the log as it was.
     */
    @ParameterizedTest(name = "{0}: {1}, {2}")
    @MethodSource("enginesDamagesAndReasons")
    void shouldRefuseToOpenWhenARecordBelowTheDurablePositionFailsVerification(
            TestEngines.Named engine, Damage damage, VerifiedBecause reason) throws Exception {
        MiddleStore middle = middleStore(engine);
        Path directory = middle.cleanlyClosed();
        Acked damaged = middle.records().get(30);
        Acked end = middle.records().getLast();
        long durable = end.position() + end.length();
        switch (reason) {
            case DISPATCH_LAGGED_BEHIND_DURABLE -> {
                long dispatched = middle.records().get(20).position();
                try (Checkpoint checkpoint = Checkpoint.open(directory.resolve("checkpoint"))) {
                    checkpoint.write(false, durable, dispatched, 0);
                }
                assertThat(readCheckpoint(directory).dispatchedPosition()).isEqualTo(dispatched);
                assertThat(readCheckpoint(directory).durablePosition()).isEqualTo(durable);
            }
            case CHECKPOINT_UNREADABLE -> {
                flipBit(directory.resolve("checkpoint"), 8 * 8);
                flipBit(directory.resolve("checkpoint"), (512 + 8) * 8);
                try (Checkpoint checkpoint = Checkpoint.open(directory.resolve("checkpoint"))) {
                    assertThat(checkpoint.recovered()).as("checkpoint with both slots damaged").isEmpty();
                }
            }
        }
        assertThat(damaged.position()).isLessThan(durable);
        String context = engine + ", " + damage + " in record " + damaged + ", " + reason;
        Path segment = segment(directory, damaged.segmentBase());
        damageRecord(segment, damaged, damage);
        byte[] damagedSegment = Files.readAllBytes(segment);

        StoreCorruptedException e = catchThrowableOfType(StoreCorruptedException.class,
                () -> CommitLogMessageStore.open(config(directory, engine)).close());
        assertNamesRecord(e, segment, damaged, context + ", open");
        assertThat(Files.readAllBytes(segment)).as(context + ": the segment is left as it was")
                .isEqualTo(damagedSegment);
    }

    /**
     * Damage after the checkpoint's durable position is only a torn tail if nothing valid follows it: a damaged
     * (or lost, zeroed) record followed by valid records is corruption, and open fails naming the segment file
     * and the record's offset instead of cutting away acknowledged records.
     */
    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("enginesAndDamages")
    void shouldRefuseToOpenWhenADamagedRecordAfterTheCheckpointIsFollowedByValidRecords(
            TestEngines.Named engine, Damage damage) throws Exception {
        MiddleStore middle = middleStore(engine);
        Path directory = middle.crashImage();
        Acked damaged = middle.records().get(60);
        assertThat(damaged.position()).isGreaterThan(middle.checkpointed());
        String context = engine + ", " + damage + " in record " + damaged + ", checkpoint durable at " + middle.checkpointed();
        Path segment = segment(directory, damaged.segmentBase());
        damageRecord(segment, damaged, damage);
        byte[] damagedSegment = Files.readAllBytes(segment);

        StoreCorruptedException e = catchThrowableOfType(StoreCorruptedException.class,
                () -> CommitLogMessageStore.open(config(directory, engine)).close());
        assertNamesRecord(e, segment, damaged, context + ", open");
        assertThat(Files.readAllBytes(segment)).as(context + ": the segment is not truncated")
                .isEqualTo(damagedSegment);
    }

    /**
     * What a SIGKILL during SYNC appends on the io_uring engine can leave: a write that never landed (a short record
     * inside one O_DIRECT write, cancelled when the process died) before a later write that did. On disk: zeros from
     * the record's start to the next sector boundary, then the later write, which starts with the same record's tail
     * and goes on with whole records. None of it was acknowledged, since the sync after these writes never
     * completed; it lies beyond the checkpoint. Recovery must cut the log at the lost record and open, keeping every
     * record before it.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.tandem.store.TestEngines#all")
    void shouldCutALostWriteFollowedByALaterWriteAfterACrashAndOpen(TestEngines.Named engine) throws Exception {
        MiddleStore middle = middleStore(engine);
        Path directory = middle.crashImage();
        Acked lost = middle.records().stream()
                .filter(acked -> acked.position() > middle.checkpointed())
                .filter(acked -> acked.fileOffset() % 512 != 0
                        && acked.fileOffset() / 512 != (acked.fileOffset() + acked.length() - 1) / 512)
                .findFirst().orElseThrow();
        long boundary = (lost.fileOffset() / 512 + 1) * 512;
        Path segment = segment(directory, lost.segmentBase());
        writeAt(segment, lost.fileOffset(), new byte[(int) (boundary - lost.fileOffset())]);
        String context = engine + ", lost write at " + lost + " up to file offset " + boundary;

        try (MessageStore store = CommitLogMessageStore.open(config(directory, engine))) {
            assertThat(store.status().writePosition()).as(context + ": the log ends where the lost write began")
                    .isEqualTo(lost.position());
            for (Acked kept : middle.records().stream().filter(acked -> acked.position() < lost.position()).toList()) {
                assertThat(store.readByPosition(kept.position()).orElseThrow().queueOffset()).as(context + ": " + kept)
                        .isEqualTo(kept.queueOffset());
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // 3. One flipped bit in any store file

    /** The kinds of files a store keeps. */
    enum FileKind {
        COMMIT_LOG_SEGMENT("commitlog"),
        CONSUME_QUEUE_FILE("consumequeue"),
        INDEX_FILE("index"),
        CHECKPOINT("checkpoint");

        private final String location;

        FileKind(String location) {
            this.location = location;
        }

        List<Path> files(Path directory) throws IOException {
            try (Stream<Path> walk = Files.walk(directory.resolve(location))) {
                return walk.filter(Files::isRegularFile).sorted().toList();
            }
        }
    }

    static Stream<Arguments> enginesAndFileKinds() {
        return TestEngines.all().flatMap(engine -> Stream.of(FileKind.values()).map(kind -> Arguments.of(engine, kind)));
    }

    /**
     * For several seeds: one random bit of one file of the kind is flipped in a copy of a cleanly closed store
     * (half the seeds anywhere in the file, half within its written bytes). Open either fails naming that file,
     * or every acknowledged record comes back bit-exact by queue offset, by position and by key, or that access
     * fails naming that file; only the record holding the flipped bit may fail. Damage to consume queues, the
     * key index or the checkpoint must be repaired completely: every record comes back and the queues continue.
     */
    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("enginesAndFileKinds")
    void shouldNeverReturnAWrongRecordAfterOneBitFlipsInAStoreFile(TestEngines.Named engine, FileKind kind) throws Exception {
        Path baseline = temp.resolve("baseline");
        List<Acked> records;
        try (MessageStore store = CommitLogMessageStore.open(config(baseline, engine))) {
            records = appendRecords(store, 0, 300, i -> 40 + (i * 37) % 220);
        }
        assertThat(FileKind.COMMIT_LOG_SEGMENT.files(baseline)).as("segments of the baseline store").hasSize(2);
        assertThat(FileKind.CONSUME_QUEUE_FILE.files(baseline)).as("consume queue files of the baseline store").hasSize(3 * QUEUES);
        assertThat(FileKind.INDEX_FILE.files(baseline)).as("index files of the baseline store").hasSize(3);
        Map<Integer, List<Acked>> recordsByQueue = byQueue(records);

        try (CapturedLog storeLog = CapturedLog.of("io.tandem.store")) {
            for (int s = 0; s < SEEDS_PER_FILE_KIND; s++) {
                flipOneBitAndVerify(engine, kind, baseline, records, recordsByQueue, s);
            }
        }
    }

    private void flipOneBitAndVerify(TestEngines.Named engine, FileKind kind, Path baseline, List<Acked> records,
                                     Map<Integer, List<Acked>> recordsByQueue, int s) throws Exception {
        long seed = BASE_SEED + 1_000L * kind.ordinal() + s;
        Random random = new Random(seed);
        Path copy = temp.resolve("flip-" + s);
        copyStore(baseline, copy);
        List<Path> candidates = kind.files(copy);
        Path file = candidates.get(random.nextInt(candidates.size()));
        long fileLength = Files.size(file);
        boolean withinWritten = s % 2 == 0;
        long range = withinWritten ? lastNonZeroByte(file) + 1 : fileLength;
        long byteOffset = (long) (random.nextDouble() * range);
        int bit = random.nextInt(8);
        flipBit(file, byteOffset * 8 + bit);
        String context = engine + ", " + kind + ", seed " + seed + " (base seed " + BASE_SEED
                + ", -Dtandem.damage.seed), bit " + bit + " of byte " + byteOffset + " of " + copy.relativize(file)
                + (withinWritten ? " (within the written bytes)" : " (anywhere in the file)");

        MessageStore opened;
        try {
            opened = CommitLogMessageStore.open(config(copy, engine));
        } catch (StoreCorruptedException e) {
            assertThat(kind).as(context + ": open failed, but damage to derived data or the checkpoint must be "
                    + "repaired: " + e.getMessage()).isEqualTo(FileKind.COMMIT_LOG_SEGMENT);
            assertThat(e.file().toAbsolutePath()).as(context + ": the file named by " + e.getMessage())
                    .isEqualTo(file.toAbsolutePath());
            deleteRecursively(copy);
            return;
        }
        try (MessageStore store = opened) {
            Set<Acked> reported = verifyEveryRecord(store, records, file, context);
            if (kind == FileKind.COMMIT_LOG_SEGMENT) {
                long base = Long.parseLong(file.getFileName().toString());
                assertThat(reported).as(context + ": only the record holding the flipped bit may be reported damaged")
                        .allSatisfy(acked -> assertThat(acked.segmentBase() == base
                                && acked.fileOffset() <= byteOffset && byteOffset < acked.fileOffset() + acked.length())
                                .as(context + ": " + acked + " holds the flipped byte").isTrue());
            } else {
                assertThat(reported).as(context + ": records lost to damaged derived data or checkpoint").isEmpty();
            }
            for (int queue = 0; queue < QUEUES; queue++) {
                AppendResult next = store.append(request(10_000 + queue, queue, 30)).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                assertThat(next.queueOffset()).as(context + ": the queue continues after recovery, queue " + queue)
                        .isEqualTo(recordsByQueue.get(queue).size());
            }
        }
        if (kind != FileKind.COMMIT_LOG_SEGMENT) {
            try (MessageStore store = CommitLogMessageStore.open(config(copy, engine))) {
                for (int queue = 0; queue < QUEUES; queue++) {
                    assertThat(store.maxOffset(TOPIC, queue)).as(context + ": max offset after a clean reopen, queue " + queue)
                            .isEqualTo(recordsByQueue.get(queue).size() + 1);
                }
                Acked first = records.getFirst();
                assertThat(store.lookupByKey(TOPIC, first.key(), 10)).as(context + ": first record by key after a reopen")
                        .singleElement().satisfies(message -> assertBitExact(message, first, context));
            }
        }
        deleteRecursively(copy);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Records

    /** An acknowledged record: what was appended, where it landed and its stored image (bit for bit). */
    private record Acked(AppendRequest request, AppendResult result, byte[] image) {

        int queueId() {
            return request.queueId();
        }

        long queueOffset() {
            return result.queueOffset();
        }

        long position() {
            return result.position();
        }

        int length() {
            return result.length();
        }

        String key() {
            return request.keys().getFirst();
        }

        long segmentBase() {
            return position() - position() % SEGMENT_SIZE;
        }

        long fileOffset() {
            return position() % SEGMENT_SIZE;
        }

        @Override
        public String toString() {
            return "[queue " + queueId() + " offset " + queueOffset() + ", position " + position() + ", "
                    + length() + " bytes, key " + key() + "]";
        }
    }

    private static StoreConfig config(Path directory, TestEngines.Named engine) {
        return StoreConfig.builder(directory)
                .ioEngineFactory(engine.factory())
                .durability(Durability.SYNC)
                .segmentSize(SEGMENT_SIZE)
                .maxRecordSize(8 * 1024)
                .tailCacheSize(128 * 1024)
                .consumeQueueFileEntries(64)
                .indexSlots(64)
                .indexFileEntries(128)
                .checkpointInterval(Duration.ofHours(1))
                .housekeepingInterval(Duration.ofHours(1))
                .build();
    }

    /** A body of non-zero bytes, so that no cut through a record leaves an intact record behind. */
    private static byte[] body(int i, int length) {
        byte[] body = new byte[length];
        for (int j = 0; j < length; j++) {
            body[j] = (byte) ('A' + (i * 31 + j) % 26);
        }
        return body;
    }

    private static AppendRequest request(int i, int queueId, int bodyLength) {
        return AppendRequest.of(TOPIC, queueId, body(i, bodyLength)).withKeys(List.of(String.format("key-%05d", i)));
    }

    /** Appends {@code count} records (numbered from {@code from}, round-robin over the queues) and captures them. */
    private static List<Acked> appendRecords(MessageStore store, int from, int count, IntUnaryOperator bodyLength) throws Exception {
        List<Acked> appended = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            AppendRequest request = request(i, i % QUEUES, bodyLength.applyAsInt(i));
            appended.add(new Acked(request, store.append(request).get(TIMEOUT_SECONDS, TimeUnit.SECONDS), null));
        }
        awaitDispatched(store);
        appended.replaceAll(acked -> capture(store, acked.request(), acked.result()));
        return appended;
    }

    /** Reads the record back from the intact store, checks it against the request and keeps its image. */
    private static Acked capture(MessageStore store, AppendRequest request, AppendResult result) {
        awaitDispatched(store);
        StoredMessage message = store.readByPosition(result.position()).orElseThrow(
                () -> new AssertionError("record just appended at " + result.position() + " is not readable"));
        assertThat(message.topic()).isEqualTo(request.topic());
        assertThat(message.queueId()).isEqualTo(request.queueId());
        assertThat(message.queueOffset()).isEqualTo(result.queueOffset());
        assertThat(message.position()).isEqualTo(result.position());
        assertThat(message.length()).isEqualTo(result.length());
        assertThat(message.keys()).isEqualTo(request.keys());
        assertThat(message.body()).isEqualTo(request.body());
        return new Acked(request, result, message.recordBytes().toArray(ValueLayout.JAVA_BYTE));
    }

    private static void awaitDispatched(MessageStore store) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (true) {
            StoreStatus status = store.status();
            if (status.dispatchedPosition() == status.writePosition()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                fail("dispatch did not catch up with the log: " + status);
            }
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private static Map<Integer, List<Acked>> byQueue(List<Acked> records) {
        Map<Integer, List<Acked>> byQueue = new HashMap<>();
        for (int queue = 0; queue < QUEUES; queue++) {
            byQueue.put(queue, new ArrayList<>());
        }
        for (Acked acked : records) {
            byQueue.get(acked.queueId()).add(acked);
        }
        return byQueue;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Verification

    private static void assertBitExact(StoredMessage message, Acked expected, String context) {
        assertThat(message.recordBytes().toArray(ValueLayout.JAVA_BYTE))
                .as(context + ": bytes of " + expected + " as read back")
                .isEqualTo(expected.image());
    }

    private static void assertQueueHoldsExactly(MessageStore store, int queue, List<Acked> expected, String context) {
        ReadResult result = store.read(TOPIC, queue, 0, 100_000, 1L << 30);
        assertThat(result.status()).as(context + ": read of queue " + queue).isEqualTo(ReadStatus.FOUND);
        assertThat(result.messages()).as(context + ": records of queue " + queue).hasSize(expected.size());
        for (int i = 0; i < expected.size(); i++) {
            assertBitExact(result.messages().get(i), expected.get(i), context);
        }
    }

    /**
     * Reads every record by queue offset, by position and by key. Each access must return the record bit-exact
     * or throw a {@link StoreCorruptedException} naming {@code damagedFile}.
     *
     * @return the records for which some access reported damage
     */
    private static Set<Acked> verifyEveryRecord(MessageStore store, List<Acked> records, Path damagedFile, String context) {
        Set<Acked> reported = new LinkedHashSet<>();
        for (Acked acked : records) {
            String what = context + ": " + acked;
            ReadResult byQueue = null;
            try {
                byQueue = store.read(TOPIC, acked.queueId(), acked.queueOffset(), 1, 1 << 20);
            } catch (StoreCorruptedException e) {
                assertNamesFile(e, damagedFile, what + " read by queue offset");
                reported.add(acked);
            }
            if (byQueue != null) {
                assertThat(byQueue.status()).as(what + " read by queue offset").isEqualTo(ReadStatus.FOUND);
                assertThat(byQueue.messages()).as(what + " read by queue offset")
                        .singleElement().satisfies(message -> assertBitExact(message, acked, what + " read by queue offset"));
            }

            Optional<StoredMessage> byPosition = null;
            try {
                byPosition = store.readByPosition(acked.position());
            } catch (StoreCorruptedException e) {
                assertNamesFile(e, damagedFile, what + " read by position");
                reported.add(acked);
            }
            if (byPosition != null) {
                assertThat(byPosition).as(what + " read by position: an acknowledged record must come back or its "
                        + "damage be reported, never 'no record here'")
                        .hasValueSatisfying(message -> assertBitExact(message, acked, what + " read by position"));
            }

            List<StoredMessage> byKey = null;
            try {
                byKey = store.lookupByKey(TOPIC, acked.key(), 10);
            } catch (StoreCorruptedException e) {
                assertNamesFile(e, damagedFile, what + " lookup by key");
                reported.add(acked);
            }
            if (byKey != null) {
                assertThat(byKey).as(what + " lookup by key: an acknowledged record must come back or its damage be "
                        + "reported, never be missing")
                        .singleElement().satisfies(message -> assertBitExact(message, acked, what + " lookup by key"));
            }
        }
        return reported;
    }

    private static void assertNamesFile(StoreCorruptedException e, Path file, String context) {
        assertThat(e.file().toAbsolutePath().normalize()).as(context + ": the file named by " + e.getMessage())
                .isEqualTo(file.toAbsolutePath().normalize());
    }

    private static void assertNamesRecord(StoreCorruptedException e, Path segment, Acked record, String context) {
        assertThat(e).as(context + ": must throw StoreCorruptedException").isNotNull();
        assertNamesFile(e, segment, context);
        assertThat(e.fileOffset()).as(context + ": the offset named by " + e.getMessage()).isEqualTo(record.fileOffset());
        assertThat(e.getMessage()).as(context).contains(segment.getFileName().toString())
                .contains("offset " + record.fileOffset());
    }

    // ---------------------------------------------------------------------------------------------------------
    // Files

    private static Path segment(Path storeDirectory, long base) {
        return storeDirectory.resolve("commitlog").resolve(String.format("%020d", base));
    }

    private static Checkpoint.State readCheckpoint(Path storeDirectory) throws IOException {
        try (Checkpoint checkpoint = Checkpoint.open(storeDirectory.resolve("checkpoint"))) {
            return checkpoint.recovered().orElseThrow(() -> new AssertionError("checkpoint of " + storeDirectory + " is damaged"));
        }
    }

    /** Copies a store directory file by file (without its lock file). */
    private static void copyStore(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path source : walk.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else if (!source.getFileName().toString().equals("lock")) {
                    Files.copy(source, target);
                }
            }
        }
    }

    private static void deleteRecursively(Path directory) throws IOException {
        try (Stream<Path> walk = Files.walk(directory)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    /** Overwrites {@code length} bytes at {@code offset} with zeros; the file keeps its length. */
    private static void zeroFill(Path file, long offset, int length) throws IOException {
        writeAt(file, offset, new byte[length]);
    }

    private static void flipBit(Path file, long bitIndex) throws IOException {
        byte[] one = readAt(file, bitIndex / 8, 1);
        one[0] ^= (byte) (1 << (bitIndex % 8));
        writeAt(file, bitIndex / 8, one);
    }

    private static void damageRecord(Path segment, Acked record, Damage damage) throws IOException {
        byte[] bytes = readAt(segment, record.fileOffset(), record.length());
        assertThat(bytes).as("record image on disk before damaging it").isEqualTo(record.image());
        damage.apply(bytes);
        writeAt(segment, record.fileOffset(), bytes);
    }

    private static long lastNonZeroByte(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        for (int i = bytes.length - 1; i >= 0; i--) {
            if (bytes[i] != 0) {
                return i;
            }
        }
        return bytes.length - 1;
    }

    private static byte[] readAt(Path file, long offset, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            while (buffer.hasRemaining()) {
                if (channel.read(buffer, offset + buffer.position()) < 0) {
                    throw new IOException("unexpected end of " + file);
                }
            }
        }
        return buffer.array();
    }

    private static void writeAt(Path file, long offset, byte[] bytes) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            while (buffer.hasRemaining()) {
                channel.write(buffer, offset + buffer.position());
            }
        }
    }

    /** Captures what one logger logs (and keeps it off the console) while open. */
    private static final class CapturedLog implements AutoCloseable {

        private final Logger logger;
        private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

        private CapturedLog(Logger logger) {
            this.logger = logger;
        }

        static CapturedLog of(String name) {
            CapturedLog log = new CapturedLog((Logger) LoggerFactory.getLogger(name));
            log.appender.start();
            log.logger.addAppender(log.appender);
            log.logger.setAdditive(false);
            return log;
        }

        void clear() {
            appender.list.clear();
        }

        List<String> warnings() {
            return appender.list.stream().filter(event -> event.getLevel().isGreaterOrEqual(Level.WARN))
                    .map(ILoggingEvent::getFormattedMessage).toList();
        }

        @Override
        public void close() {
            logger.detachAppender(appender);
            logger.setAdditive(true);
            appender.stop();
        }
    }
}
