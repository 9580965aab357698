package io.tandem.store;

import io.tandem.store.engine.CommitLogMessageStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static io.tandem.store.CrashRecoveryChild.MAX_BATCH;
import static io.tandem.store.CrashRecoveryChild.PARENT_THREAD;
import static io.tandem.store.CrashRecoveryChild.QUEUES_PER_TOPIC;
import static io.tandem.store.CrashRecoveryChild.TOPICS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

/**
 * The SIGKILL crash test: a child JVM appends from several threads and reports every acknowledged record; it is
 * killed at a random moment, and the store reopened in this JVM must hold every acknowledged record bit-exact, dense
 * queue offsets with only intact records, and accept appends that continue the queues. It runs on every engine with
 * each {@link Durability}: a process crash loses nothing acknowledged, whichever is configured (only an OS crash or
 * power loss may take back an ASYNC acknowledgement). Rounds accumulate in one directory
 * ({@value #ROUNDS_PER_STORE} rounds each), so most rounds also recover a store that was recovered (and cleanly
 * closed) before, and everything seen in earlier rounds must survive unchanged. ASYNC gets fewer rounds than SYNC
 * (which has the most ways to go wrong: group commit, syncs interleaved with segment rolls) to keep the run short.
 *
 * <p>The other tests reproduce deterministically what the random kills ran into.
 *
 * <p>Seeds: the base seed is random unless {@code -Dtandem.crash.seed=N} is given; every assertion names the
 * round's seed. The kill timing is only partly reproducible (the child's progress depends on the machine).
 */
class CrashRecoveryTest {

    private static final int SYNC_ROUNDS = 20;
    private static final int ASYNC_ROUNDS = 3;
    /** Rounds accumulate in one store directory, then the next rounds start a fresh one (keeps verification short). */
    private static final int ROUNDS_PER_STORE = 5;
    private static final int THREADS = 4;
    private static final int MIN_KILL_DELAY_MS = 200;
    private static final int MAX_KILL_DELAY_MS = 700;
    private static final int SIGKILL_EXIT_STATUS = 128 + 9;

    private final List<Process> children = new CopyOnWriteArrayList<>();

    @TempDir
    Path temp;

    @AfterEach
    void killChildren() throws InterruptedException {
        for (Process child : children) {
            child.destroyForcibly();
            child.waitFor(10, TimeUnit.SECONDS);
        }
    }

    static Stream<Arguments> enginesAndDurabilities() {
        return TestEngines.all().flatMap(engine -> Arrays.stream(Durability.values()).map(d -> Arguments.of(engine, d)));
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("enginesAndDurabilities")
    void shouldRecoverEveryAcknowledgedRecordAfterSigkill(TestEngines.Named engine, Durability durability) throws Exception {
        long baseSeed = Long.getLong("tandem.crash.seed", new SecureRandom().nextLong());
        int rounds = durability == Durability.SYNC ? SYNC_ROUNDS : ASYNC_ROUNDS;
        Map<QueueKey, List<Long>> recovered = new HashMap<>();
        for (int round = 1; round <= rounds; round++) {
            if ((round - 1) % ROUNDS_PER_STORE == 0) {
                recovered.clear();
            }
            Path directory = temp.resolve("store-" + (round - 1) / ROUNDS_PER_STORE);
            long seed = baseSeed + round;
            String context = "engine " + engine + ", " + durability + ", round " + round + ", seed " + seed
                    + " (rerun with -Dtandem.crash.seed=" + baseSeed + ")";
            runRound(engine, durability, directory, round, seed, context, recovered);
        }
    }

    /**
     * The on-disk state of a SIGKILL that lands in {@link io.tandem.store.io.IoEngine#open} of the next commit log
     * segment, after the file was created and before it was extended to the segment size: an empty segment file
     * after the last one, holding nothing that was acknowledged. (The random kills above run into it now and then.)
     * The fault engine leaves exactly that file and fails the flush, so nothing after it is acknowledged.
     */
    @ParameterizedTest
    @MethodSource("io.tandem.store.TestEngines#all")
    void shouldReopenAfterAKillWhileTheNextSegmentFileWasBeingCreated(TestEngines.Named engine) throws Exception {
        Path directory = temp.resolve("store");
        FaultInjectingIoEngine[] faults = new FaultInjectingIoEngine[1];
        List<AppendRequest> requests = new ArrayList<>();
        List<AppendResult> acked = new ArrayList<>();
        try (MessageStore store = CommitLogMessageStore.open(CrashRecoveryChild.config(directory, engine)
                .ioEngineFactory(() -> faults[0] = new FaultInjectingIoEngine(engine.factory().get()))
                .build())) {
            for (int seq = 0; acked.size() == requests.size(); seq++) {
                if (seq == 1) { // the first segment exists now
                    faults[0].failCreateLeavingEmptyFile(new IOException("killed right after creating the file"));
                }
                assertThat(seq).as("the log must roll to a second segment").isLessThan(10_000);
                AppendRequest request = CrashRecoveryChild.request(1, 0, seq);
                requests.add(request);
                try {
                    acked.add(store.append(request).get(10, TimeUnit.SECONDS));
                } catch (ExecutionException e) {
                    assertThat(e.getCause()).isInstanceOf(StoreFailedException.class);
                }
            }
        }
        Path segments = directory.resolve("commitlog");
        try (var files = Files.list(segments)) {
            assertThat(files.map(f -> f.getFileName().toString()).sorted())
                    .containsExactly("00000000000000000000", "00000000000000065536");
        }
        assertThat(Files.size(segments.resolve("00000000000000065536"))).isZero();
        assertThat(acked).isNotEmpty().allSatisfy(result -> assertThat(result.position()).isLessThan(65536));

        MessageStore reopened;
        try {
            reopened = CommitLogMessageStore.open(CrashRecoveryChild.config(directory, engine).build());
        } catch (StoreException e) {
            throw new AssertionError("the store does not reopen after a kill while it created a segment file: " + e, e);
        }
        try (MessageStore store = reopened) {
            Map<QueueKey, Long> next = new HashMap<>();
            for (int i = 0; i < acked.size(); i++) {
                AppendRequest request = requests.get(i);
                AppendResult result = acked.get(i);
                ReadResult read = store.read(request.topic(), request.queueId(), result.queueOffset(), 1, 1 << 20);
                assertThat(read.messages()).as("acknowledged %s", result).singleElement()
                        .satisfies(m -> assertThat(m.position()).isEqualTo(result.position()))
                        .satisfies(m -> assertThat(m.body()).isEqualTo(request.body()));
                next.merge(new QueueKey(request.topic(), request.queueId()), result.queueOffset() + 1, Math::max);
            }
            for (Map.Entry<QueueKey, Long> queue : next.entrySet()) {
                AppendRequest request = AppendRequest.of(queue.getKey().topic(), queue.getKey().queueId(), new byte[100]);
                assertThat(store.append(request).get(10, TimeUnit.SECONDS).queueOffset()).isEqualTo(queue.getValue());
            }
        }
    }

    /**
     * A clean close must write the clean checkpoint also when it lands while the housekeeping thread is writing a
     * periodic one. (Seen once in the crash rounds above, when a verification took longer than the checkpoint
     * interval: close() threw ClosedChannelException from Checkpoint.write.) A 1 ms checkpoint interval makes the
     * overlap likely on every close.
     */
    @ParameterizedTest
    @MethodSource("io.tandem.store.TestEngines#all")
    void shouldCloseCleanlyWhileAPeriodicCheckpointIsBeingWritten(TestEngines.Named engine) throws Exception {
        Path directory = temp.resolve("store");
        StoreConfig config = CrashRecoveryChild.config(directory, engine).checkpointInterval(Duration.ofMillis(1)).build();
        for (int i = 0; i < 20; i++) {
            MessageStore store = CommitLogMessageStore.open(config);
            for (int seq = 0; seq < 10; seq++) {
                store.append(CrashRecoveryChild.request(i, 0, seq)).get(10, TimeUnit.SECONDS);
            }
            int attempt = i;
            assertThatCode(store::close)
                    .as("close #%d, with checkpoints every millisecond", attempt)
                    .doesNotThrowAnyException();
        }
        try (MessageStore store = CommitLogMessageStore.open(config)) {
            long records = 0;
            for (int t = 0; t < TOPICS.size(); t++) {
                for (int queueId = 0; queueId < QUEUES_PER_TOPIC[t]; queueId++) {
                    records += store.maxOffset(TOPICS.get(t), queueId);
                }
            }
            assertThat(records).isEqualTo(200);
        }
    }

    // -------------------------------------------------------------------------------------------------------------

    private void runRound(TestEngines.Named engine, Durability durability, Path directory, int round, long seed,
                          String context, Map<QueueKey, List<Long>> recovered) throws Exception {
        Random random = new Random(seed);
        long checkpointMs = round % 3 == 0 ? 1000 : 5 + random.nextInt(95);
        int killDelayMs = MIN_KILL_DELAY_MS + random.nextInt(MAX_KILL_DELAY_MS - MIN_KILL_DELAY_MS + 1);
        context = context + ", checkpoint every " + checkpointMs + " ms, kill " + killDelayMs + " ms after open";
        Path stderr = temp.resolve("child-" + round + ".stderr");
        Process child = new ProcessBuilder(javaBinary(), "--enable-native-access=ALL-UNNAMED", "-Xmx256m",
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                CrashRecoveryChild.class.getName(), directory.toString(), engine.name(), durability.name(),
                Integer.toString(round),
                Long.toString(seed), Integer.toString(THREADS), Long.toString(checkpointMs))
                .redirectError(stderr.toFile())
                .start();
        children.add(child);
        ChildOutput output = new ChildOutput(child.getInputStream());
        try {
            if (!output.opened.await(60, TimeUnit.SECONDS)) {
                fail(context + ": the child did not open the store (alive: " + child.isAlive() + ")\n" + tail(stderr));
            }
            Thread.sleep(killDelayMs); // the random crash moment
            // On a loaded machine the child may not have acknowledged anything yet: then kill right after its first.
            for (int waited = 0; waited < 300 && child.isAlive() && !output.firstAck.await(100, TimeUnit.MILLISECONDS); waited++) {
                assertThat(output.errors).as("%s: appends failed in the child\n%s", context, tail(stderr)).isEmpty();
            }
            assertThat(child.isAlive())
                    .as("%s: the child must still be appending when it is killed; errors %s\n%s", context,
                            output.errors, tail(stderr))
                    .isTrue();
            // SIGKILL. Through the ProcessHandle, as Process.destroyForcibly() also closes our end of the child's
            // stdout, which would drop acknowledgements still in the pipe.
            child.toHandle().destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).as("%s: the killed child exits", context).isTrue();
        } finally {
            if (child.isAlive()) { // destroying an exited Process would close the stdout the reader still drains
                child.destroyForcibly();
            }
        }
        output.awaitEnd();
        assertThat(child.exitValue()).as("%s: the child died of SIGKILL; stderr:\n%s", context, tail(stderr))
                .isEqualTo(SIGKILL_EXIT_STATUS);
        assertThat(output.errors).as("%s: appends failed in the child; stderr:\n%s", context, tail(stderr)).isEmpty();
        List<Ack> acks = List.copyOf(output.acks);
        assertThat(acks).as("%s: the child acknowledged nothing before the kill; stderr:\n%s", context, tail(stderr))
                .isNotEmpty();

        verifyRecovery(engine, directory, round, acks, context, recovered);
        children.remove(child);
    }

    private void verifyRecovery(TestEngines.Named engine, Path directory, int round, List<Ack> acks, String context,
                                Map<QueueKey, List<Long>> recovered) throws Exception {
        MessageStore opened;
        try {
            // No periodic checkpoint while verifying: the clean one written by close() is what the next child reads,
            // and a periodic one racing close() breaks it (shouldCloseCleanlyWhileAPeriodicCheckpointIsBeingWritten).
            opened = CommitLogMessageStore.open(CrashRecoveryChild.config(directory, engine).checkpointInterval(Duration.ofHours(1)).build());
        } catch (RuntimeException | IOException e) {
            throw new AssertionError(context + ": the store does not reopen after the kill: " + e, e);
        }
        try (MessageStore store = opened) {
            assertThat(store.status().failed()).as("%s: store failed after reopen", context).isFalse();
            assertThat(store.status().dispatchedPosition()).as("%s: everything recovered is dispatched at open", context)
                    .isEqualTo(store.status().writePosition());
            Map<Long, StoredMessage> ofThisRound = new HashMap<>();
            Map<QueueKey, List<Long>> observed = readEverything(store, round, context, ofThisRound);

            // Everything recovered in earlier rounds (then closed cleanly) is still there, at the same offsets.
            for (Map.Entry<QueueKey, List<Long>> queue : recovered.entrySet()) {
                List<Long> now = observed.getOrDefault(queue.getKey(), List.of());
                assertThat(now.size()).as("%s: %s shrank below what an earlier round recovered", context, queue.getKey())
                        .isGreaterThanOrEqualTo(queue.getValue().size());
                assertThat(now.subList(0, queue.getValue().size()))
                        .as("%s: %s changed below what an earlier round recovered", context, queue.getKey())
                        .isEqualTo(queue.getValue());
            }

            // Every acknowledged record is there, where the acknowledgement said, bit-exact, also by position.
            List<Ack> missing = acks.stream().filter(ack -> !ofThisRound.containsKey(id(round, ack.thread, ack.seq))).toList();
            assertThat(missing.size()).as("%s: %d of %d acknowledged records are missing after the kill, the first %s",
                    context, missing.size(), acks.size(), missing.stream().limit(5).toList()).isZero();
            for (Ack ack : acks) {
                long id = id(round, ack.thread, ack.seq);
                AppendRequest expected = CrashRecoveryChild.request(round, ack.thread, ack.seq);
                String what = context + ": acknowledged " + ack;
                assertThat(ack.topic + "/" + ack.queueId).as(what).isEqualTo(expected.topic() + "/" + expected.queueId());
                List<Long> queue = observed.getOrDefault(new QueueKey(ack.topic, ack.queueId), List.of());
                assertThat(ack.queueOffset).as("%s is missing: the queue ends at offset %d", what, queue.size())
                        .isLessThan(queue.size());
                assertThat(describe(queue.get((int) ack.queueOffset))).as("%s: record at its queue offset", what)
                        .isEqualTo(describe(id));
                StoredMessage message = ofThisRound.get(id);
                assertThat(message.position()).as("%s: position", what).isEqualTo(ack.position);
                assertThat(message.length()).as("%s: length", what).isEqualTo(ack.length);
                assertThat(CrashRecoveryChild.crc(message.body())).as("%s: body checksum", what).isEqualTo(ack.bodyCrc);
                Optional<StoredMessage> byPosition = store.readByPosition(ack.position);
                assertThat(byPosition).as("%s: readByPosition", what).isPresent();
                assertThat(byPosition.get().recordBytes().mismatch(message.recordBytes()))
                        .as("%s: readByPosition returns the same bytes as the queue read", what).isEqualTo(-1L);
            }

            // Per appending thread: an unbroken prefix of its sequence, at most one batch beyond its last ack.
            Map<Integer, Integer> lastAcked = new HashMap<>();
            for (Ack ack : acks) {
                lastAcked.merge(ack.thread, ack.seq, Math::max);
            }
            Map<Integer, TreeSet<Integer>> present = new HashMap<>();
            for (long id : ofThisRound.keySet()) {
                present.computeIfAbsent(threadOf(id), t -> new TreeSet<>()).add(seqOf(id));
            }
            assertThat(present.keySet()).as("%s: threads with records", context).allMatch(t -> t >= 0 && t < THREADS);
            for (int thread = 0; thread < THREADS; thread++) {
                TreeSet<Integer> seqs = present.getOrDefault(thread, new TreeSet<>());
                int acked = lastAcked.getOrDefault(thread, -1);
                int last = seqs.isEmpty() ? -1 : seqs.last();
                assertThat(seqs.size()).as("%s: thread %d has a gap in its records (present %s..%s, %d of them)",
                        context, thread, seqs.isEmpty() ? "-" : seqs.first(), last, seqs.size()).isEqualTo(last + 1);
                assertThat(last).as("%s: thread %d's last present sequence vs its last acknowledged %d", context, thread, acked)
                        .isBetween(acked, acked + MAX_BATCH);
            }

            // Keys of acknowledged records are found (a sample, and the last acknowledgement).
            Random sample = new Random(round);
            List<Ack> lookups = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                lookups.add(acks.get(sample.nextInt(acks.size())));
            }
            lookups.add(acks.getLast());
            for (Ack ack : lookups) {
                String key = CrashRecoveryChild.idKey(round, ack.thread, ack.seq);
                assertThat(store.lookupByKey(ack.topic, key, 10)).as("%s: lookup of key %s", context, key)
                        .singleElement()
                        .satisfies(m -> assertThat(m.position()).isEqualTo(ack.position));
            }

            // The store accepts new appends, which continue every queue at its max offset.
            long writePosition = store.status().writePosition();
            for (int seq = 0; seq < 6; seq++) {
                AppendRequest request = CrashRecoveryChild.request(round, PARENT_THREAD, seq);
                QueueKey queue = new QueueKey(request.topic(), request.queueId());
                List<Long> ids = observed.computeIfAbsent(queue, q -> new ArrayList<>());
                AppendResult result = store.append(request).get(30, TimeUnit.SECONDS);
                assertThat(result.queueOffset()).as("%s: queue offset of a new append to %s", context, queue)
                        .isEqualTo(ids.size());
                assertThat(result.position()).as("%s: position of a new append", context).isGreaterThanOrEqualTo(writePosition);
                writePosition = result.position() + result.length();
                ids.add(id(round, PARENT_THREAD, seq));
            }
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> store.status().dispatchedPosition() == store.status().writePosition());
            for (int seq = 0; seq < 6; seq++) {
                AppendRequest request = CrashRecoveryChild.request(round, PARENT_THREAD, seq);
                long offset = observed.get(new QueueKey(request.topic(), request.queueId())).indexOf(id(round, PARENT_THREAD, seq));
                ReadResult result = store.read(request.topic(), request.queueId(), offset, 1, 1 << 20);
                assertThat(result.messages()).as("%s: new append %d read back", context, seq).singleElement()
                        .satisfies(m -> assertThat(m.body()).isEqualTo(request.body()));
            }

            recovered.clear();
            recovered.putAll(observed);
        }
    }

    /**
     * Reads every queue from offset 0 to its max, checking that offsets are dense, that every record is intact
     * and exactly the one its id describes, and that no record appears twice.
     */
    private static Map<QueueKey, List<Long>> readEverything(MessageStore store, int round, String context,
                                                            Map<Long, StoredMessage> ofThisRound) {
        assertThat(store.topics()).as("%s: topics", context).isSubsetOf(TOPICS);
        Map<QueueKey, List<Long>> observed = new HashMap<>();
        Set<Long> seen = new HashSet<>();
        for (int t = 0; t < TOPICS.size(); t++) {
            String topic = TOPICS.get(t);
            for (int queueId = 0; queueId < QUEUES_PER_TOPIC[t]; queueId++) {
                QueueKey queue = new QueueKey(topic, queueId);
                assertThat(store.minOffset(topic, queueId)).as("%s: min offset of %s", context, queue).isZero();
                long max = store.maxOffset(topic, queueId);
                List<Long> ids = new ArrayList<>();
                long offset = 0;
                long lastPosition = -1;
                while (offset < max) {
                    ReadResult result = store.read(topic, queueId, offset, 512, 8 << 20);
                    assertThat(result.status()).as("%s: read of %s at offset %d (max %d)", context, queue, offset, max)
                            .isEqualTo(ReadStatus.FOUND);
                    for (StoredMessage message : result.messages()) {
                        String where = context + ": " + queue + " offset " + offset + " (" + message + ")";
                        if (message.queueOffset() != offset || !message.topic().equals(topic) || message.queueId() != queueId) {
                            fail(where + ": record claims " + message.topic() + "/" + message.queueId() + " offset " + message.queueOffset());
                        }
                        if (message.position() <= lastPosition) {
                            fail(where + ": positions go backwards after " + lastPosition);
                        }
                        lastPosition = message.position();
                        long id = checkAuthentic(message, where);
                        if (!seen.add(id)) {
                            fail(where + ": record " + describe(id) + " appears twice");
                        }
                        if (roundOf(id) == round) {
                            ofThisRound.put(id, message);
                        }
                        ids.add(id);
                        offset++;
                    }
                    assertThat(result.nextOffset()).as("%s: next offset of a read of %s", context, queue).isEqualTo(offset);
                }
                ReadStatus end = store.read(topic, queueId, max, 1, 1 << 20).status();
                assertThat(end).as("%s: read at the max offset %d of %s", context, max, queue)
                        .isIn(ReadStatus.NO_NEW_MESSAGE, ReadStatus.NO_MESSAGE_IN_QUEUE);
                if (max > 0) {
                    observed.put(queue, ids);
                }
            }
        }
        return observed;
    }

    /** Checks that a stored record is exactly the one its id describes; returns the id. */
    private static long checkAuthentic(StoredMessage message, String where) {
        int[] id = CrashRecoveryChild.idOf(message);
        if (id == null) {
            fail(where + ": record carries no id: properties " + Arrays.toString(message.properties()));
        }
        AppendRequest expected = CrashRecoveryChild.request(id[0], id[1], id[2]);
        String problem = null;
        if (!message.topic().equals(expected.topic()) || message.queueId() != expected.queueId()) {
            problem = "topic/queue " + message.topic() + "/" + message.queueId();
        } else if (message.flags() != expected.flags() || message.bornTimestamp() != expected.bornTimestamp()
                || message.tagHash() != expected.tagHash() || message.reconsumeTimes() != expected.reconsumeTimes()
                || message.preparedPosition() != expected.preparedPosition()) {
            problem = "header fields differ";
        } else if (!Arrays.equals(message.bornHost(), expected.bornHost())) {
            problem = "born host differs";
        } else if (!message.keys().equals(expected.keys())) {
            problem = "keys " + message.keys();
        } else if (!Arrays.equals(message.properties(), expected.properties())) {
            problem = "properties differ";
        } else if (!Arrays.equals(message.body(), expected.body())) {
            problem = "body differs (" + message.bodyLength() + " bytes, expected " + expected.body().length + ")";
        }
        if (problem != null) {
            fail(where + ": record " + describe(id(id[0], id[1], id[2])) + " is not intact: " + problem);
        }
        return id(id[0], id[1], id[2]);
    }

    // -------------------------------------------------------------------------------------------------------------

    private static long id(int round, int thread, int seq) {
        return ((long) round << 40) | ((long) thread << 32) | (seq & 0xFFFFFFFFL);
    }

    private static int roundOf(long id) {
        return (int) (id >>> 40);
    }

    private static int threadOf(long id) {
        return (int) ((id >>> 32) & 0xFF);
    }

    private static int seqOf(long id) {
        return (int) id;
    }

    private static String describe(long id) {
        return "id " + roundOf(id) + ":" + threadOf(id) + ":" + seqOf(id);
    }

    private static String javaBinary() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    private static String tail(Path file) {
        try {
            if (!Files.exists(file)) {
                return "(no stderr)";
            }
            String text = Files.readString(file, StandardCharsets.UTF_8);
            return text.length() > 6000 ? "..." + text.substring(text.length() - 6000) : text;
        } catch (IOException e) {
            return "(stderr unreadable: " + e + ")";
        }
    }

    record QueueKey(String topic, int queueId) {
        @Override
        public String toString() {
            return topic + "/" + queueId;
        }
    }

    /** One ACK line of the child. */
    record Ack(int thread, int seq, String topic, int queueId, long queueOffset, long position, int length, long bodyCrc) {
        static Ack parse(String line) {
            String[] f = line.split(" ");
            if (f.length != 10 || !f[0].equals("ACK") || !f[9].equals("END")) {
                return null;
            }
            try {
                return new Ack(Integer.parseInt(f[1]), Integer.parseInt(f[2]), f[3], Integer.parseInt(f[4]),
                        Long.parseLong(f[5]), Long.parseLong(f[6]), Integer.parseInt(f[7]), Long.parseLong(f[8]));
            } catch (NumberFormatException e) {
                return null;
            }
        }
    }

    /** Collects the child's stdout on a thread of its own; lines cut by the kill are dropped. */
    private static final class ChildOutput {
        final CountDownLatch opened = new CountDownLatch(1);
        final CountDownLatch firstAck = new CountDownLatch(1);
        final List<Ack> acks = Collections.synchronizedList(new ArrayList<>());
        final List<String> errors = new CopyOnWriteArrayList<>();
        private final Thread reader;

        ChildOutput(InputStream stdout) {
            reader = Thread.ofPlatform().daemon(true).name("crash-child-stdout").start(() -> {
                try (BufferedReader lines = new BufferedReader(new InputStreamReader(stdout, StandardCharsets.US_ASCII))) {
                    String line;
                    while ((line = lines.readLine()) != null) {
                        if (line.equals("OPENED")) {
                            opened.countDown();
                        } else if (line.startsWith("ACK ")) {
                            Ack ack = Ack.parse(line);
                            if (ack != null) {
                                acks.add(ack);
                                firstAck.countDown();
                            }
                        } else if (line.startsWith("ERROR")) {
                            errors.add(line);
                        }
                    }
                } catch (IOException e) {
                    errors.add("reading the child's output failed: " + e);
                }
            });
        }

        void awaitEnd() throws InterruptedException {
            reader.join(TimeUnit.SECONDS.toMillis(30));
            assertThat(reader.isAlive()).as("the child's stdout is closed after it died").isFalse();
        }
    }
}
