package io.tandem.store;

import io.tandem.store.engine.CommitLogMessageStore;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.state.Action;
import net.jqwik.api.state.ActionChain;
import net.jqwik.api.state.Transformer;
import net.jqwik.api.statistics.Statistics;
import org.awaitility.Awaitility;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Property tests comparing the {@link MessageStore} with a simple in-memory model: per (topic, queue) the list of
 * appended records. Every try runs against every engine of {@link TestEngines#all()}.
 *
 * <ul>
 *     <li>{@link #storeAgreesWithModel}: a random chain of appends, batches, reads, lookups, reopen and segment
 *     rolls, applied to one store per engine and to the model; after every step the stores must agree with it.</li>
 *     <li>{@link #concurrentAppendersKeepQueuesDenseOrderedAndExact}: producers append concurrently while a reader
 *     reads; offsets stay dense, every record appears once, per-producer order holds, bytes are exact; also
 *     after a reopen. The reader also checks that {@code readByPosition} returns each record it has just read
 *     (checked last): this fails intermittently because {@code DispatchDuty} publishes a record's consume queue and
 *     key index entries before it advances {@code dispatchedPosition}, which {@code readByPosition} checks.</li>
 * </ul>
 *
 * <p>The model property uses jqwik's {@link ActionChain}: every action is plain data (a record), so a failing
 * chain prints as a readable list of steps and shrinks well.
 *
 * <p>jqwik prints the seed of a failing property; rerun it with {@code @Property(seed = "...")}.
 */
class StoreModelPropertiesTest {

    static final String[] TOPICS = {"alpha", "beta", "gamma.t"};
    static final int QUEUES = 4;
    static final long[] TAGS = {0L, 1L, 42L, -7L, Long.MIN_VALUE};
    static final String[] KEYS = {"k0", "k1", "k2", "key-3", "\u00fc4"};

    static final int SEGMENT_SIZE = 64 * 1024;
    static final int MAX_RECORD_SIZE = 8 * 1024;
    static final Duration WAIT = Duration.ofSeconds(20);

    static StoreConfig config(Path directory, TestEngines.Named engine, Durability durability, Clock clock) {
        return StoreConfig.builder(directory)
                .ioEngineFactory(engine.factory())
                .durability(durability)
                .segmentSize(SEGMENT_SIZE)
                .maxRecordSize(MAX_RECORD_SIZE)
                .tailCacheSize(128 * 1024)
                .consumeQueueFileEntries(64)
                .indexSlots(64)
                .indexFileEntries(128)
                .clock(clock)
                .build();
    }

    // =========================================================================================================
    // 1. Model-based action chain
    // =========================================================================================================

    /**
     * The durability of the stores the next chain creates. Set by the property before the chain runs (a flatMap
     * over the chain arbitrary would keep jqwik from shrinking the chain).
     */
    private static volatile Durability chainDurability = Durability.ASYNC;

    @Property(tries = 30)
    void storeAgreesWithModel(@ForAll Durability durability, @ForAll("modelChains") ActionChain<World> chain) throws Throwable {
        chainDurability = durability;
        Throwable failure = null;
        try {
            World world = chain.withInvariant("every store agrees with the model", World::checkAll).run();
            Statistics.label("segments used").collect(world.segmentsUsed());
            Statistics.label("reopened").collect(world.reopens > 0);
            Statistics.label("largest queue > 64 entries (one consume queue file)")
                    .collect(world.queues.values().stream().anyMatch(q -> q.size() > 64));
            Statistics.label("keys > 128 (one key index file)")
                    .collect(world.all.stream().mapToInt(r -> r.request().keys().size()).sum() > 128);
            Set<String> segmentEnds = new TreeSet<>();
            world.gaps.forEach(g -> segmentEnds.add(g[1] - g[0] < 24 ? "zero tail" : "filler"));
            world.all.stream().filter(r -> r.end() % SEGMENT_SIZE == 0).findAny().ifPresent(r -> segmentEnds.add("exact fit"));
            Statistics.label("segment ends").collect(segmentEnds.toString());
        } catch (Throwable e) {
            failure = e;
            throw e;
        } finally {
            World.closeAllCreated(failure);
        }
    }

    @Provide
    Arbitrary<ActionChain<World>> modelChains() {
        return ActionChain.<World>startWith(() -> new World(chainDurability))
                .withAction(8, action(appends()))
                .withAction(3, action(batches()))
                .withAction(6, action(reads()))
                .withAction(3, action(keyLookups()))
                .withAction(3, action(positionReads()))
                .withAction(2, action(timeQueries()))
                .withAction(1, action(Arbitraries.just(new Reopen())))
                .withAction(2, action(rolls()))
                .withAction(1, action(tooLarge()))
                .withAction(3, action(bursts()))
                .withAction(2, action(fills()))
                .withMaxTransformations(40);
    }

    private static Action.Independent<World> action(Arbitrary<? extends Op> ops) {
        return () -> ops.map(op -> Transformer.<World>mutate(op.toString(), world -> world.apply(op)));
    }

    // ---------------------------------------------------------------------------------------------------------
    // Actions (plain data: they print readably in the failure report and shrink well)

    sealed interface Op permits Append, AppendBatch, Burst, Read, LookupKey, ReadPosition, OffsetForTime, Reopen, Roll,
            FillSegment, TooLarge {
    }

    /** One record to append; every byte is derived from {@code seed}. */
    record Spec(int topic, int queue, int bodySize, long seed, List<String> keys, long tag, int propertiesSize, boolean plain) {
        String topicName() {
            return TOPICS[topic];
        }

        byte[] body() {
            return bytes(seed, bodySize);
        }

        AppendRequest request() {
            if (plain) {
                return AppendRequest.of(topicName(), queue, body()).withKeys(keys).withTagHash(tag);
            }
            SplittableRandom random = new SplittableRandom(seed ^ 0x5DEECE66DL);
            byte[] bornHost = bytes(seed + 1, random.nextInt(9));
            byte[] properties = bytes(seed + 2, propertiesSize);
            long preparedPosition = random.nextInt(4) == 0 ? random.nextLong(1L << 40) : -1;
            return new AppendRequest(topicName(), queue, random.nextInt(), random.nextLong(), bornHost, keys, tag,
                    random.nextInt(17), preparedPosition, properties, body());
        }
    }

    /**
     * Appends one record after moving the store clock by {@code tickMillis} (sometimes backwards, like a clock
     * adjusted by NTP: store timestamps must still never decrease).
     */
    record Append(Spec spec, int tickMillis) implements Op {
    }

    record AppendBatch(List<Spec> specs, int tickMillis) implements Op {
    }

    /** Many small records with two keys each to one queue: fills consume queue files and key index files. */
    record Burst(int topic, int queue, int count, long seed, boolean asBatch) implements Op {
    }

    /**
     * Reads a queue. The offset is {@code offset} itself, or with {@code fromEnd} relative to the model's max offset
     * (so that reads at and beyond the end are frequent). {@code tags} null: no filter.
     */
    record Read(int topic, int queue, boolean fromEnd, int offset, int maxCount, long maxBytes, Set<Long> tags,
                boolean explicitAll) implements Op {
    }

    /** Looks a key up, optionally within a time window given as percentages of the clock range so far. */
    record LookupKey(int topic, String key, int maxResults, boolean window, int fromPercent, int toPercent) implements Op {
    }

    enum PositionKind { KNOWN, INSIDE_RECORD, GAP, WRITE_POSITION, BEYOND, NEGATIVE }

    /** readByPosition: of a known record (index modulo the record count) or of a position where none starts. */
    record ReadPosition(PositionKind kind, int index, int delta) implements Op {
    }

    record OffsetForTime(int topic, int queue, int percent) implements Op {
    }

    record Reopen() implements Op {
    }

    /** Appends big records (one of them exactly the maximum size when {@code exactMax}) to force segment rolls. */
    record Roll(int topic, int queue, int count, long seed, boolean asBatch, boolean exactMax) implements Op {
    }

    /**
     * Appends plain records that fill the current segment up to {@code leave} bytes before its end (none if the
     * segment is already too full), so that the next record rolls with a filler, an exact fit or a zero tail.
     */
    record FillSegment(int topic, int queue, int leave, boolean asBatch) implements Op {
    }

    /** A record {@code excess} bytes over the maximum: must fail with RecordTooLargeException and change nothing. */
    record TooLarge(int topic, int queue, int excess, boolean inBatch) implements Op {
    }

    static Arbitrary<Spec> specs() {
        Arbitrary<Integer> bodySizes = Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.just(0)),
                Tuple.of(4, Arbitraries.integers().between(0, 64)),
                Tuple.of(5, Arbitraries.integers().between(0, 3000)));
        Arbitrary<List<String>> keys = Arbitraries.of(KEYS).list().ofMinSize(0).ofMaxSize(2);
        return Combinators.combine(
                topicIndexes(),
                queueIds(),
                bodySizes,
                Arbitraries.longs(),
                keys,
                Arbitraries.of(Arrays.stream(TAGS).boxed().toList()),
                Arbitraries.integers().between(0, 16)).as((topic, queue, size, seed, keyList, tag, properties) ->
                new Spec(topic, queue, size, seed, keyList, tag, properties, false));
    }

    /** Skewed towards the first topic and queue, so that some queues grow past a consume queue file. */
    static Arbitrary<Integer> topicIndexes() {
        return Arbitraries.frequency(Tuple.of(5, 0), Tuple.of(2, 1), Tuple.of(1, 2));
    }

    static Arbitrary<Integer> queueIds() {
        return Arbitraries.frequency(Tuple.of(4, 0), Tuple.of(2, 1), Tuple.of(1, 2), Tuple.of(1, 3));
    }

    static Arbitrary<Burst> bursts() {
        return Combinators.combine(topicIndexes(), queueIds(), Arbitraries.integers().between(10, 60), Arbitraries.longs(),
                Arbitraries.of(true, false)).as(Burst::new);
    }

    static Arbitrary<FillSegment> fills() {
        return Combinators.combine(topicIndexes(), queueIds(),
                Arbitraries.frequency(Tuple.of(1, 0), Tuple.of(1, 1), Tuple.of(1, 23), Tuple.of(1, 24), Tuple.of(1, 25),
                        Tuple.of(1, 87), Tuple.of(1, 88), Tuple.of(2, 40)).flatMap(v -> v == 40
                        ? Arbitraries.integers().between(0, 120) : Arbitraries.just(v)),
                Arbitraries.of(false, true)).as(FillSegment::new);
    }

    static Arbitrary<Append> appends() {
        return Combinators.combine(specs(), ticks()).as(Append::new);
    }

    static Arbitrary<AppendBatch> batches() {
        return Combinators.combine(specs().list().ofMinSize(2).ofMaxSize(10), ticks()).as(AppendBatch::new);
    }

    static Arbitrary<Integer> ticks() {
        return Arbitraries.frequency(Tuple.of(1, -2), Tuple.of(3, 0), Tuple.of(3, 1), Tuple.of(2, 3));
    }

    static Arbitrary<Read> reads() {
        Arbitrary<Set<Long>> tags = Arbitraries.of(Arrays.stream(TAGS).boxed().toList()).set().ofMaxSize(3)
                .injectNull(0.6);
        Arbitrary<Long> maxBytes = Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.just(1L)),
                Tuple.of(3, Arbitraries.longs().between(1, 20_000)),
                Tuple.of(1, Arbitraries.just(Long.MAX_VALUE)));
        return Combinators.combine(
                Arbitraries.integers().between(0, TOPICS.length - 1),
                Arbitraries.integers().between(0, QUEUES),
                Arbitraries.of(true, false),
                Arbitraries.integers().between(-3, 40),
                Arbitraries.integers().between(1, 40),
                maxBytes,
                tags,
                Arbitraries.of(true, false)).as((topic, queue, fromEnd, offset, maxCount, bytes, tagSet, all) ->
                new Read(topic, queue, fromEnd, fromEnd ? Math.max(-3, Math.min(offset, 2)) : offset, maxCount, bytes,
                        tagSet, all));
    }

    static Arbitrary<LookupKey> keyLookups() {
        return Combinators.combine(
                Arbitraries.integers().between(0, TOPICS.length - 1),
                Arbitraries.of(KEYS),
                Arbitraries.integers().between(1, 20),
                Arbitraries.of(false, true),
                Arbitraries.integers().between(-5, 105),
                Arbitraries.integers().between(-5, 105)).as(LookupKey::new);
    }

    static Arbitrary<ReadPosition> positionReads() {
        return Combinators.combine(
                Arbitraries.of(PositionKind.class),
                Arbitraries.integers().between(0, 1000),
                Arbitraries.integers().between(0, 10_000)).as(ReadPosition::new);
    }

    static Arbitrary<OffsetForTime> timeQueries() {
        return Combinators.combine(
                Arbitraries.integers().between(0, TOPICS.length - 1),
                Arbitraries.integers().between(0, QUEUES),
                Arbitraries.integers().between(-5, 105)).as(OffsetForTime::new);
    }

    static Arbitrary<Roll> rolls() {
        return Combinators.combine(
                Arbitraries.integers().between(0, TOPICS.length - 1),
                Arbitraries.integers().between(0, QUEUES - 1),
                Arbitraries.integers().between(2, 8),
                Arbitraries.longs(),
                Arbitraries.of(false, true),
                Arbitraries.of(false, true)).as(Roll::new);
    }

    static Arbitrary<TooLarge> tooLarge() {
        return Combinators.combine(
                Arbitraries.integers().between(0, TOPICS.length - 1),
                Arbitraries.integers().between(0, QUEUES - 1),
                Arbitraries.integers().between(1, 3000),
                Arbitraries.of(false, true)).as(TooLarge::new);
    }

    /** A tag filter with a readable name for failure reports. */
    record TagSet(Set<Long> accepted) implements TagFilter {
        @Override
        public boolean accept(long tagHash) {
            return accepted.contains(tagHash);
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // The model

    /** A record the model knows: what was appended and where the store said it landed. */
    record Rec(Spec spec, AppendRequest request, long position, int length, long queueOffset, long storeTimestamp) {
        long end() {
            return position + length;
        }

        String topic() {
            return request.topic();
        }
    }

    /** One store under test. */
    static final class Subject {
        final TestEngines.Named engine;
        final StoreConfig config;
        MessageStore store;

        Subject(TestEngines.Named engine, StoreConfig config) throws IOException {
            this.engine = engine;
            this.config = config;
            this.store = CommitLogMessageStore.open(config);
        }
    }

    /** The state of one try: the model and one store per engine, all fed the same operations. */
    static final class World {
        private static final List<World> CREATED = new CopyOnWriteArrayList<>();

        final Durability durability;
        final Path root;
        final ManualClock clock = new ManualClock(1_700_000_000_000L);
        final long startMillis = clock.millis();
        final List<Subject> subjects = new ArrayList<>();
        final Map<String, List<Rec>> queues = new HashMap<>();
        final List<Rec> all = new ArrayList<>();
        final List<long[]> gaps = new ArrayList<>();
        long end;
        long lastTimestamp;
        int reopens;

        World(Durability durability) {
            this.durability = durability;
            CREATED.add(this);
            try {
                this.root = Files.createTempDirectory("tandem-model-");
                for (TestEngines.Named engine : TestEngines.all().toList()) {
                    subjects.add(new Subject(engine, config(root.resolve(engine.name()), engine, durability, clock)));
                }
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        }

        /** Closes the stores and deletes the directories of every world of this try; never hides {@code primary}. */
        static void closeAllCreated(Throwable primary) {
            RuntimeException failure = null;
            for (World world : CREATED) {
                try {
                    world.close();
                } catch (RuntimeException e) {
                    if (primary != null) {
                        primary.addSuppressed(e);
                    } else if (failure == null) {
                        failure = e;
                    }
                }
            }
            CREATED.clear();
            if (failure != null) {
                throw failure;
            }
        }

        void close() {
            RuntimeException failure = null;
            for (Subject subject : subjects) {
                try {
                    subject.store.close();
                } catch (IOException | RuntimeException e) {
                    failure = failure == null ? new RuntimeException("closing " + subject.engine, e) : failure;
                }
            }
            subjects.clear();
            if (root != null) {
                try {
                    deleteRecursively(root);
                } catch (RuntimeException e) {
                    failure = failure == null ? e : failure;
                }
            }
            if (failure != null) {
                throw failure;
            }
        }

        long segmentsUsed() {
            return end / SEGMENT_SIZE + 1;
        }

        List<Rec> queue(String topic, int queueId) {
            return queues.getOrDefault(topic + "/" + queueId, List.of());
        }

        void apply(Op op) {
            switch (op) {
                case Append a -> {
                    clock.advance(a.tickMillis());
                    appendAll(List.of(a.spec()), false);
                }
                case AppendBatch b -> {
                    clock.advance(b.tickMillis());
                    appendAll(b.specs(), true);
                }
                case Read r -> read(r);
                case LookupKey l -> lookupKey(l);
                case ReadPosition p -> readPosition(p);
                case OffsetForTime o -> offsetForTime(o);
                case Reopen ignored -> reopen();
                case Roll r -> roll(r);
                case Burst b -> burst(b);
                case FillSegment f -> fillSegment(f);
                case TooLarge t -> tooLarge(t);
            }
        }

        // --- appends

        private void appendAll(List<Spec> specs, boolean asBatch) {
            List<AppendRequest> requests = specs.stream().map(Spec::request).toList();
            List<Rec> expected = new ArrayList<>();
            Map<String, Integer> pending = new HashMap<>();
            long position = end;
            for (int i = 0; i < specs.size(); i++) {
                AppendRequest request = requests.get(i);
                int length = encodedLength(request);
                position = positionFor(position, length);
                String queueKey = request.topic() + "/" + request.queueId();
                int before = pending.merge(queueKey, 1, Integer::sum) - 1;
                long queueOffset = queue(request.topic(), request.queueId()).size() + before;
                expected.add(new Rec(specs.get(i), request, position, length, queueOffset, now()));
                position += length;
            }
            for (Subject subject : subjects) {
                List<AppendResult> results;
                if (asBatch) {
                    results = get(subject, "appendBatch", subject.store.appendBatch(requests));
                } else {
                    results = List.of(get(subject, "append", subject.store.append(requests.getFirst())));
                }
                assertThat(results).as("[%s] number of append results", subject.engine).hasSize(expected.size());
                for (int i = 0; i < results.size(); i++) {
                    Rec rec = expected.get(i);
                    assertThat(results.get(i)).as("[%s] append result %d of %d", subject.engine, i, results.size())
                            .isEqualTo(new AppendResult(rec.position(), rec.length(), rec.queueOffset(), rec.storeTimestamp()));
                }
            }
            for (Rec rec : expected) {
                record(rec);
            }
        }

        private void record(Rec rec) {
            if (rec.position() > end) {
                gaps.add(new long[]{end, rec.position()});
            }
            queues.computeIfAbsent(rec.topic() + "/" + rec.request().queueId(), k -> new ArrayList<>()).add(rec);
            all.add(rec);
            end = rec.end();
            lastTimestamp = Math.max(lastTimestamp, rec.storeTimestamp());
        }

        /** The store time an append gets now: the clock, but never before an earlier record's. */
        long now() {
            return Math.max(clock.millis(), lastTimestamp);
        }

        @Override
        public String toString() {
            return "World[" + durability + ", " + all.size() + " records, log end " + end + ", " + reopens + " reopens, "
                    + "clock " + (clock.millis() - startMillis) + " ms after start]";
        }

        private void roll(Roll roll) {
            SplittableRandom random = new SplittableRandom(roll.seed());
            String topic = TOPICS[roll.topic()];
            int overhead = encodedLength(new AppendRequest(topic, roll.queue(), 0, 0, null, List.of(), 0, 0, -1, null, new byte[0]));
            List<Spec> specs = new ArrayList<>();
            for (int i = 0; i < roll.count(); i++) {
                int bodySize = roll.exactMax() && i == roll.count() - 1
                        ? MAX_RECORD_SIZE - overhead
                        : 5000 + random.nextInt(MAX_RECORD_SIZE - overhead - 5000);
                specs.add(new Spec(roll.topic(), roll.queue(), bodySize, random.nextLong(), List.of(), TAGS[i % TAGS.length], 0, false));
            }
            // Spec.request() adds a born host: keep the records within the maximum by dropping it for rolls.
            List<Spec> fitted = specs.stream().map(s -> fit(s)).toList();
            if (roll.asBatch()) {
                appendAll(fitted, true);
            } else {
                for (Spec spec : fitted) {
                    appendAll(List.of(spec), false);
                }
            }
        }

        /** Shrinks a spec's body so that its encoded request is at most the maximum record size. */
        private static Spec fit(Spec spec) {
            int excess = encodedLength(spec.request()) - MAX_RECORD_SIZE;
            if (excess <= 0) {
                return spec;
            }
            return new Spec(spec.topic(), spec.queue(), spec.bodySize() - excess, spec.seed(), spec.keys(), spec.tag(),
                    spec.propertiesSize(), spec.plain());
        }

        private void burst(Burst op) {
            SplittableRandom random = new SplittableRandom(op.seed());
            List<Spec> specs = new ArrayList<>();
            for (int i = 0; i < op.count(); i++) {
                List<String> keys = List.of(KEYS[random.nextInt(KEYS.length)], KEYS[random.nextInt(KEYS.length)]);
                specs.add(new Spec(op.topic(), op.queue(), random.nextInt(200), random.nextLong(), keys,
                        TAGS[random.nextInt(TAGS.length)], 0, true));
            }
            if (op.asBatch()) {
                appendAll(specs, true);
            } else {
                for (Spec spec : specs) {
                    appendAll(List.of(spec), false);
                }
            }
        }

        private void fillSegment(FillSegment op) {
            int overhead = encodedLength(AppendRequest.of(TOPICS[op.topic()], op.queue(), new byte[0]));
            long segmentEnd = (end / SEGMENT_SIZE + 1) * SEGMENT_SIZE;
            long need = segmentEnd - end - op.leave();
            SplittableRandom random = new SplittableRandom(end * 31 + op.leave());
            List<Spec> specs = new ArrayList<>();
            while (need >= overhead) {
                long piece = need <= MAX_RECORD_SIZE ? need : Math.min(MAX_RECORD_SIZE, need - overhead);
                specs.add(new Spec(op.topic(), op.queue(), (int) (piece - overhead), random.nextLong(), List.of(),
                        TAGS[random.nextInt(TAGS.length)], 0, true));
                need -= piece;
            }
            if (specs.isEmpty()) {
                return;
            }
            if (op.asBatch()) {
                appendAll(specs, true);
            } else {
                for (Spec spec : specs) {
                    appendAll(List.of(spec), false);
                }
            }
        }

        private void tooLarge(TooLarge op) {
            String topic = TOPICS[op.topic()];
            int overhead = encodedLength(new AppendRequest(topic, op.queue(), 0, 0, null, List.of(), 0, 0, -1, null, new byte[0]));
            AppendRequest big = AppendRequest.of(topic, op.queue(), bytes(op.excess(), MAX_RECORD_SIZE - overhead + op.excess()));
            assertThat(encodedLength(big)).isEqualTo(MAX_RECORD_SIZE + op.excess());
            for (Subject subject : subjects) {
                var future = op.inBatch()
                        ? subject.store.appendBatch(List.of(AppendRequest.of(topic, op.queue(), new byte[]{1}), big))
                        : subject.store.append(big);
                try {
                    future.get(WAIT.toSeconds(), TimeUnit.SECONDS);
                    fail("[%s] a record of %d bytes (maximum %d) was accepted", subject.engine, encodedLength(big), MAX_RECORD_SIZE);
                } catch (ExecutionException e) {
                    assertThat(e.getCause()).as("[%s] failure of a too large append", subject.engine)
                            .isInstanceOf(RecordTooLargeException.class);
                } catch (Exception e) {
                    throw new AssertionError("[" + subject.engine + "] too large append did not fail in time", e);
                }
            }
        }

        // --- reads

        private void read(Read op) {
            String topic = TOPICS[op.topic()];
            List<Rec> records = queue(topic, op.queue());
            long offset = op.fromEnd() ? records.size() + op.offset() : op.offset();
            TagFilter filter = op.tags() == null ? (op.explicitAll() ? TagFilter.ALL : null) : new TagSet(op.tags());
            ExpectedRead expected = modelRead(records, offset, op.maxCount(), op.maxBytes(), filter == null ? TagFilter.ALL : filter);
            for (Subject subject : subjects) {
                awaitDispatched(subject, end);
                ReadResult actual = filter == null
                        ? subject.store.read(topic, op.queue(), offset, op.maxCount(), op.maxBytes())
                        : subject.store.read(topic, op.queue(), offset, op.maxCount(), op.maxBytes(), filter);
                assertReadResult("[" + subject.engine + "] read " + topic + "/" + op.queue() + " at " + offset, actual, expected, records);
            }
        }

        /** What the store should answer for a read: the status, the queue offsets of the messages, and positions. */
        record ExpectedRead(ReadStatus status, List<Long> offsets, long nextOffset, long minOffset, long maxOffset) {
        }

        static ExpectedRead modelRead(List<Rec> records, long offset, int maxCount, long maxBytes, TagFilter filter) {
            int max = records.size();
            if (max == 0) {
                return new ExpectedRead(ReadStatus.NO_MESSAGE_IN_QUEUE, List.of(), 0, 0, 0);
            }
            if (offset < 0) {
                return new ExpectedRead(ReadStatus.OFFSET_MOVED, List.of(), 0, 0, max);
            }
            if (offset == max) {
                return new ExpectedRead(ReadStatus.NO_NEW_MESSAGE, List.of(), offset, 0, max);
            }
            if (offset > max) {
                return new ExpectedRead(ReadStatus.OFFSET_OVERFLOW, List.of(), max, 0, max);
            }
            List<Long> found = new ArrayList<>();
            long bytes = 0;
            long next = offset;
            while (next < max && found.size() < maxCount) {
                Rec rec = records.get((int) next);
                if (filter.accept(rec.request().tagHash())) {
                    if (!found.isEmpty() && bytes + rec.length() > maxBytes) {
                        break;
                    }
                    found.add(next);
                    bytes += rec.length();
                }
                next++;
            }
            return new ExpectedRead(found.isEmpty() ? ReadStatus.NO_MATCHED_MESSAGE : ReadStatus.FOUND, found, next, 0, max);
        }

        private static void assertReadResult(String context, ReadResult actual, ExpectedRead expected, List<Rec> records) {
            assertThat(actual.status()).as(context + ": status (got %s, expected %s)", actual, expected).isEqualTo(expected.status());
            assertThat(actual.nextOffset()).as(context + ": next offset").isEqualTo(expected.nextOffset());
            assertThat(actual.minOffset()).as(context + ": min offset").isEqualTo(expected.minOffset());
            assertThat(actual.maxOffset()).as(context + ": max offset").isEqualTo(expected.maxOffset());
            List<Long> offsets = expected.offsets();
            assertThat(actual.messages()).as(context + ": number of messages").hasSize(offsets.size());
            for (int i = 0; i < offsets.size(); i++) {
                assertMessage(context + ", message " + i, actual.messages().get(i), records.get(Math.toIntExact(offsets.get(i))));
            }
        }

        private void lookupKey(LookupKey op) {
            String topic = TOPICS[op.topic()];
            long span = Math.max(0, now() - startMillis);
            long from = op.window() ? startMillis + span * op.fromPercent() / 100 : Long.MIN_VALUE;
            long to = op.window() ? startMillis + span * op.toPercent() / 100 : Long.MAX_VALUE;
            List<Rec> expected = all.stream()
                    .filter(r -> r.topic().equals(topic) && r.request().keys().contains(op.key()))
                    .filter(r -> r.storeTimestamp() >= from && r.storeTimestamp() <= to)
                    .sorted(Comparator.comparingLong(Rec::position).reversed())
                    .limit(op.maxResults())
                    .toList();
            for (Subject subject : subjects) {
                awaitDispatched(subject, end);
                List<StoredMessage> found = op.window()
                        ? subject.store.lookupByKey(topic, op.key(), from, to, op.maxResults())
                        : subject.store.lookupByKey(topic, op.key(), op.maxResults());
                String context = "[" + subject.engine + "] lookupByKey(" + topic + ", " + op.key() + ", " + from + ", " + to + ", " + op.maxResults() + ")";
                assertThat(found).as(context + ": positions (newest first)").extracting(StoredMessage::position)
                        .containsExactlyElementsOf(expected.stream().map(Rec::position).toList());
                for (int i = 0; i < expected.size(); i++) {
                    assertMessage(context + ", result " + i, found.get(i), expected.get(i));
                }
            }
        }

        private void readPosition(ReadPosition op) {
            for (Subject subject : subjects) {
                awaitDispatched(subject, end);
                long writePosition = subject.store.status().writePosition();
                Rec known = all.isEmpty() ? null : all.get(op.index() % all.size());
                long position;
                Rec expected = null;
                switch (op.kind()) {
                    case KNOWN -> {
                        if (known == null) {
                            continue;
                        }
                        position = known.position();
                        expected = known;
                    }
                    case INSIDE_RECORD -> {
                        if (known == null) {
                            continue;
                        }
                        position = known.position() + 1 + op.delta() % (known.length() - 1);
                    }
                    case GAP -> {
                        if (gaps.isEmpty()) {
                            continue;
                        }
                        long[] gap = gaps.get(op.index() % gaps.size());
                        position = gap[0] + op.delta() % (gap[1] - gap[0]);
                    }
                    case WRITE_POSITION -> position = writePosition;
                    case BEYOND -> position = writePosition + 1 + op.delta();
                    case NEGATIVE -> position = -1 - op.delta();
                    default -> throw new IllegalStateException();
                }
                Optional<StoredMessage> actual = subject.store.readByPosition(position);
                String context = "[" + subject.engine + "] readByPosition(" + position + ") (" + op.kind() + ")";
                if (expected == null) {
                    assertThat(actual).as(context + " where no record starts").isEmpty();
                } else {
                    assertThat(actual).as(context).isPresent();
                    assertMessage(context, actual.get(), expected);
                }
            }
        }

        private void offsetForTime(OffsetForTime op) {
            String topic = TOPICS[op.topic()];
            List<Rec> records = queue(topic, op.queue());
            long span = Math.max(0, now() - startMillis);
            long timestamp = startMillis + span * op.percent() / 100;
            long expected = records.size();
            for (int i = 0; i < records.size(); i++) {
                if (records.get(i).storeTimestamp() >= timestamp) {
                    expected = i;
                    break;
                }
            }
            for (Subject subject : subjects) {
                awaitDispatched(subject, end);
                assertThat(subject.store.offsetForTime(topic, op.queue(), timestamp))
                        .as("[%s] offsetForTime(%s, %d, %d)", subject.engine, topic, op.queue(), timestamp)
                        .isEqualTo(expected);
            }
        }

        private void reopen() {
            reopens++;
            for (Subject subject : subjects) {
                try {
                    subject.store.close();
                    subject.store = CommitLogMessageStore.open(subject.config);
                } catch (IOException e) {
                    throw new AssertionError("[" + subject.engine + "] reopen failed", e);
                }
            }
        }

        // --- the invariant

        void checkAll() {
            Set<String> topics = new TreeSet<>();
            all.forEach(r -> topics.add(r.topic()));
            for (Subject subject : subjects) {
                awaitDispatched(subject, end);
                StoreStatus status = subject.store.status();
                assertThat(status.failed()).as("[%s] store failed: %s", subject.engine, status).isFalse();
                assertThat(subject.store.topics()).as("[%s] topics", subject.engine).containsExactlyInAnyOrderElementsOf(topics);
                for (String topic : Stream.concat(Arrays.stream(TOPICS), Stream.of("never")).toList()) {
                    for (int queueId = 0; queueId <= QUEUES; queueId++) {
                        checkQueue(subject, topic, queueId);
                    }
                }
            }
        }

        private void checkQueue(Subject subject, String topic, int queueId) {
            List<Rec> records = queue(topic, queueId);
            String context = "[" + subject.engine + "] " + topic + "/" + queueId;
            MessageStore store = subject.store;
            assertThat(store.minOffset(topic, queueId)).as(context + " min offset").isZero();
            assertThat(store.maxOffset(topic, queueId)).as(context + " max offset").isEqualTo(records.size());
            ReadResult whole = store.read(topic, queueId, 0, Integer.MAX_VALUE, Long.MAX_VALUE);
            assertReadResult(context + " whole queue", whole, modelRead(records, 0, Integer.MAX_VALUE, Long.MAX_VALUE, TagFilter.ALL), records);
            if (!records.isEmpty()) {
                assertReadResult(context + " at the end", store.read(topic, queueId, records.size(), 5, 1000),
                        modelRead(records, records.size(), 5, 1000, TagFilter.ALL), records);
                assertReadResult(context + " beyond the end", store.read(topic, queueId, records.size() + 1, 5, 1000),
                        modelRead(records, records.size() + 1, 5, 1000, TagFilter.ALL), records);
            }
        }

        private static <T> T get(Subject subject, String what, java.util.concurrent.CompletableFuture<T> future) {
            try {
                return future.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new AssertionError("[" + subject.engine + "] " + what + " failed or did not complete within " + WAIT, e);
            }
        }
    }

    // =========================================================================================================
    // 2. Concurrent appenders and a concurrent reader
    // =========================================================================================================

    static final String[] CONCURRENT_TOPICS = {"c0", "c1"};

    @Property(tries = 5)
    void concurrentAppendersKeepQueuesDenseOrderedAndExact(
            @ForAll @IntRange(min = 2, max = 4) int producers,
            @ForAll @IntRange(min = 10, max = 150) int recordsPerProducer,
            @ForAll Durability durability,
            @ForAll long seed) throws Exception {
        for (TestEngines.Named engine : TestEngines.all().toList()) {
            Path root = Files.createTempDirectory("tandem-concurrent-");
            try {
                new ConcurrentRun(engine, durability, root, producers, recordsPerProducer, seed).run();
            } finally {
                deleteRecursively(root);
            }
        }
    }

    /** What record {@code seq} of producer {@code producer} is: all derived from the seed. */
    record ConcurrentSpec(int producer, int seq, String topic, int queue, byte[] body, List<String> keys, long tag) {
        static ConcurrentSpec of(long seed, int producer, int seq) {
            SplittableRandom random = new SplittableRandom(seed * 1_000_003L + producer * 65_537L + seq);
            String topic = CONCURRENT_TOPICS[random.nextInt(CONCURRENT_TOPICS.length)];
            int queue = random.nextInt(QUEUES);
            int size = random.nextInt(20) == 0 ? 3000 + random.nextInt(4000) : random.nextInt(1500);
            byte[] body = new byte[8 + size];
            random.nextBytes(body);
            ByteBuffer.wrap(body).order(ByteOrder.BIG_ENDIAN).putInt(producer).putInt(seq);
            List<String> keys = seq % 3 == 0 ? List.of("p" + producer + "-s" + seq) : List.of();
            return new ConcurrentSpec(producer, seq, topic, queue, body, keys, random.nextInt(3));
        }

        AppendRequest request() {
            return AppendRequest.of(topic, queue, body).withKeys(keys).withTagHash(tag);
        }

        static long id(StoredMessage message) {
            ByteBuffer body = message.bodyBuffer().order(ByteOrder.BIG_ENDIAN);
            if (body.remaining() < 8) {
                return -1;
            }
            return ((long) body.getInt(0) << 32) | (body.getInt(4) & 0xFFFFFFFFL);
        }
    }

    static final class ConcurrentRun {
        final TestEngines.Named engine;
        final StoreConfig config;
        final int producers;
        final int recordsPerProducer;
        final long seed;
        final AtomicReference<Throwable> readerFailure = new AtomicReference<>();
        /** Records the concurrent reader got from read() that readByPosition did not return identically. */
        final List<String> positionReadProblems = new CopyOnWriteArrayList<>();
        /** What the concurrent reader saw: "topic/queue/offset" → producer << 32 | seq. */
        final Map<String, Long> observed = new ConcurrentHashMap<>();

        ConcurrentRun(TestEngines.Named engine, Durability durability, Path root, int producers, int recordsPerProducer, long seed) {
            this.engine = engine;
            this.config = config(root.resolve("store"), engine, durability, Clock.systemUTC());
            this.producers = producers;
            this.recordsPerProducer = recordsPerProducer;
            this.seed = seed;
        }

        void run() throws Exception {
            @SuppressWarnings("unchecked")
            List<AppendResult>[] results = new List[producers];
            try (MessageStore store = CommitLogMessageStore.open(config)) {
                AtomicBoolean stop = new AtomicBoolean();
                Thread reader = Thread.ofPlatform().name("model-reader").start(() -> readConcurrently(store, stop));
                List<Thread> threads = new ArrayList<>();
                AtomicReference<Throwable> producerFailure = new AtomicReference<>();
                for (int p = 0; p < producers; p++) {
                    int producer = p;
                    threads.add(Thread.ofPlatform().name("model-producer-" + p).start(() -> {
                        try {
                            results[producer] = produce(store, producer);
                        } catch (Throwable e) {
                            producerFailure.compareAndSet(null, e);
                        }
                    }));
                }
                try {
                    for (Thread thread : threads) {
                        thread.join(WAIT.toMillis() * 3);
                        assertThat(thread.isAlive()).as("[%s] producer %s still running", engine, thread.getName()).isFalse();
                    }
                    if (producerFailure.get() != null) {
                        throw new AssertionError("[" + engine + "] a producer failed", producerFailure.get());
                    }
                    long end = Arrays.stream(results).flatMap(List::stream).mapToLong(r -> r.position() + r.length()).max().orElse(0);
                    awaitDispatched(engine, store, end);
                } finally {
                    stop.set(true);
                }
                reader.join(WAIT.toMillis());
                assertThat(reader.isAlive()).as("[%s] reader still running", engine).isFalse();
                if (readerFailure.get() != null) {
                    throw new AssertionError("[" + engine + "] the concurrent reader found a problem", readerFailure.get());
                }
                verifyEverything(store, results, "after concurrent appends");
            }
            try (MessageStore store = CommitLogMessageStore.open(config)) {
                verifyEverything(store, results, "after reopen");
                // Appends after the reopen continue every queue at its max offset.
                for (String topic : CONCURRENT_TOPICS) {
                    for (int queue = 0; queue < QUEUES; queue++) {
                        long max = store.maxOffset(topic, queue);
                        AppendResult next = store.append(AppendRequest.of(topic, queue, new byte[]{7}))
                                .get(WAIT.toSeconds(), TimeUnit.SECONDS);
                        assertThat(next.queueOffset()).as("[%s] next offset of %s/%d after reopen", engine, topic, queue).isEqualTo(max);
                    }
                }
            }
            // Checked last, so that a failure here means everything else held.
            assertThat(positionReadProblems).as("[%s] readByPosition of records the concurrent reader had just read "
                    + "(%d mismatches)", engine, positionReadProblems.size()).isEmpty();
        }

        private List<AppendResult> produce(MessageStore store, int producer) throws Exception {
            SplittableRandom random = new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * (producer + 1)));
            AppendResult[] results = new AppendResult[recordsPerProducer];
            List<Map.Entry<Integer, Future<List<AppendResult>>>> pending = new ArrayList<>();
            int seq = 0;
            while (seq < recordsPerProducer) {
                int count = random.nextInt(5) == 0 ? Math.min(2 + random.nextInt(9), recordsPerProducer - seq) : 1;
                List<AppendRequest> requests = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    requests.add(ConcurrentSpec.of(seed, producer, seq + i).request());
                }
                Future<List<AppendResult>> future = count == 1
                        ? store.append(requests.getFirst()).thenApply(List::of)
                        : store.appendBatch(requests);
                pending.add(Map.entry(seq, future));
                if (random.nextInt(6) == 0) {
                    future.get(WAIT.toSeconds(), TimeUnit.SECONDS);
                }
                seq += count;
            }
            for (Map.Entry<Integer, Future<List<AppendResult>>> entry : pending) {
                List<AppendResult> batch = entry.getValue().get(WAIT.toSeconds(), TimeUnit.SECONDS);
                for (int i = 0; i < batch.size(); i++) {
                    results[entry.getKey() + i] = batch.get(i);
                }
            }
            return Arrays.asList(results);
        }

        private void readConcurrently(MessageStore store, AtomicBoolean stop) {
            SplittableRandom random = new SplittableRandom(seed + 17);
            Map<String, Long> cursors = new HashMap<>();
            Map<String, Map<Integer, Integer>> lastSeqs = new HashMap<>();
            Set<Long> seen = new HashSet<>();
            try {
                boolean last = false;
                while (true) {
                    boolean finalPass = stop.get();
                    for (String topic : CONCURRENT_TOPICS) {
                        for (int queue = 0; queue < QUEUES; queue++) {
                            String key = topic + "/" + queue;
                            while (true) {
                                long cursor = cursors.getOrDefault(key, 0L);
                                ReadResult result = store.read(topic, queue, cursor, 1 + random.nextInt(40), 1 + random.nextInt(64 * 1024));
                                if (result.status() == ReadStatus.NO_NEW_MESSAGE || result.status() == ReadStatus.NO_MESSAGE_IN_QUEUE) {
                                    break;
                                }
                                if (result.status() != ReadStatus.FOUND) {
                                    throw new AssertionError("read " + key + " at " + cursor + " answered " + result);
                                }
                                for (StoredMessage message : result.messages()) {
                                    String where = key + " offset " + cursor;
                                    if (message.queueOffset() != cursor) {
                                        throw new AssertionError(where + ": got queue offset " + message.queueOffset() + " (offsets not dense)");
                                    }
                                    long id = checkMessage(where, message, topic, queue);
                                    if (!seen.add(id)) {
                                        throw new AssertionError(where + ": record p" + (id >>> 32) + " s" + (int) id + " seen twice");
                                    }
                                    int producer = (int) (id >>> 32);
                                    int seq = (int) id;
                                    Integer previous = lastSeqs.computeIfAbsent(key, k -> new HashMap<>()).put(producer, seq);
                                    if (previous != null && previous >= seq) {
                                        throw new AssertionError(where + ": producer " + producer + " record " + seq
                                                + " after its record " + previous + " (producer order broken)");
                                    }
                                    if (random.nextInt(4) == 0) {
                                        Optional<StoredMessage> again = store.readByPosition(message.position());
                                        if (again.isEmpty() || !again.get().recordBytes().asByteBuffer().equals(message.recordBytes().asByteBuffer())) {
                                            // Recorded, not thrown: the other invariants are still checked to the end.
                                            positionReadProblems.add(where + ": read() returned " + message + " but readByPosition("
                                                    + message.position() + ") then answered " + again + " (store status " + store.status() + ")");
                                        }
                                    }
                                    observed.put(key + "/" + cursor, id);
                                    cursor++;
                                }
                                if (result.nextOffset() != cursor) {
                                    throw new AssertionError("read " + key + " returned up to " + cursor + " but next offset " + result.nextOffset());
                                }
                                cursors.put(key, cursor);
                            }
                        }
                    }
                    if (last) {
                        return;
                    }
                    last = finalPass;
                    Thread.onSpinWait();
                }
            } catch (Throwable e) {
                readerFailure.compareAndSet(null, e);
            }
        }

        /** Checks one message against what its producer appended; returns its id. */
        private long checkMessage(String where, StoredMessage message, String topic, int queue) {
            long id = ConcurrentSpec.id(message);
            int producer = (int) (id >>> 32);
            int seq = (int) id;
            if (id < 0 || producer >= producers || seq < 0 || seq >= recordsPerProducer) {
                throw new AssertionError(where + ": record with unknown id " + id + ": " + message);
            }
            ConcurrentSpec spec = ConcurrentSpec.of(seed, producer, seq);
            if (!message.topic().equals(topic) || message.queueId() != queue || !spec.topic().equals(topic) || spec.queue() != queue) {
                throw new AssertionError(where + ": record p" + producer + " s" + seq + " of " + spec.topic() + "/" + spec.queue()
                        + " found as " + message.topic() + "/" + message.queueId());
            }
            byte[] body = message.body();
            if (!Arrays.equals(body, spec.body())) {
                throw new AssertionError(where + ": body of p" + producer + " s" + seq + " differs at index "
                        + Arrays.mismatch(body, spec.body()) + " (length " + body.length + ", expected " + spec.body().length + ")");
            }
            if (!message.keys().equals(spec.keys()) || message.tagHash() != spec.tag()) {
                throw new AssertionError(where + ": keys/tag of p" + producer + " s" + seq + " differ: " + message.keys() + " " + message.tagHash());
            }
            return id;
        }

        private void verifyEverything(MessageStore store, List<AppendResult>[] results, String when) {
            String context = "[" + engine + "] " + when;
            assertThat(store.status().failed()).as(context + ": store failed").isFalse();
            Set<Long> seen = new HashSet<>();
            for (String topic : CONCURRENT_TOPICS) {
                for (int queue = 0; queue < QUEUES; queue++) {
                    String key = topic + "/" + queue;
                    Map<Integer, Integer> lastSeq = new HashMap<>();
                    long offset = 0;
                    while (true) {
                        ReadResult result = store.read(topic, queue, offset, 100, 1 << 20);
                        if (result.status() == ReadStatus.NO_NEW_MESSAGE || result.status() == ReadStatus.NO_MESSAGE_IN_QUEUE) {
                            break;
                        }
                        assertThat(result.status()).as("%s: read %s at %d: %s", context, key, offset, result).isEqualTo(ReadStatus.FOUND);
                        for (StoredMessage message : result.messages()) {
                            String where = context + ": " + key + " offset " + offset;
                            assertThat(message.queueOffset()).as(where + ": queue offset (dense)").isEqualTo(offset);
                            long id = checkMessage(where, message, topic, queue);
                            assertThat(seen.add(id)).as(where + ": record %d/%d appears once", id >>> 32, (int) id).isTrue();
                            int producer = (int) (id >>> 32);
                            int seq = (int) id;
                            Integer previous = lastSeq.put(producer, seq);
                            assertThat(previous == null || previous < seq)
                                    .as(where + ": producer %d record %d follows its record %s", producer, seq, previous).isTrue();
                            AppendResult appended = results[producer].get(seq);
                            assertThat(new long[]{message.position(), message.length(), message.queueOffset(), message.storeTimestamp()})
                                    .as(where + ": record p%d s%d vs its append result %s", producer, seq, appended)
                                    .containsExactly(appended.position(), appended.length(), appended.queueOffset(), appended.storeTimestamp());
                            Long sawConcurrently = observed.get(key + "/" + offset);
                            assertThat(sawConcurrently == null || sawConcurrently == id)
                                    .as(where + ": the concurrent reader saw record %s there", sawConcurrently).isTrue();
                            offset++;
                        }
                    }
                    assertThat(store.maxOffset(topic, queue)).as(context + ": max offset of " + key).isEqualTo(offset);
                }
            }
            assertThat(seen).as(context + ": every appended record is stored").hasSize(producers * recordsPerProducer);
            for (int producer = 0; producer < producers; producer++) {
                for (int seq = 0; seq < recordsPerProducer; seq += 3) {
                    ConcurrentSpec spec = ConcurrentSpec.of(seed, producer, seq);
                    List<StoredMessage> found = store.lookupByKey(spec.topic(), spec.keys().getFirst(), 10);
                    assertThat(found).as(context + ": lookupByKey(%s, %s)", spec.topic(), spec.keys().getFirst())
                            .extracting(StoredMessage::position).containsExactly(results[producer].get(seq).position());
                }
            }
        }
    }

    // =========================================================================================================
    // Helpers

    static void awaitDispatched(Subject subject, long end) {
        awaitDispatched(subject.engine, subject.store, end);
    }

    static void awaitDispatched(TestEngines.Named engine, MessageStore store, long end) {
        if (store.status().dispatchedPosition() >= end) {
            return;
        }
        Awaitility.await("[" + engine + "] dispatch to " + end).atMost(WAIT).pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(1))
                .until(() -> store.status().dispatchedPosition() >= end || store.status().failed());
        assertThat(store.status().failed()).as("[%s] store failed: %s", engine, store.status()).isFalse();
    }

    static void assertMessage(String context, StoredMessage message, Rec rec) {
        AppendRequest request = rec.request();
        assertThat(message.position()).as(context + ": position").isEqualTo(rec.position());
        assertThat(message.length()).as(context + ": length").isEqualTo(rec.length());
        assertThat(message.topic()).as(context + ": topic").isEqualTo(request.topic());
        assertThat(message.queueId()).as(context + ": queue id").isEqualTo(request.queueId());
        assertThat(message.queueOffset()).as(context + ": queue offset").isEqualTo(rec.queueOffset());
        assertThat(message.storeTimestamp()).as(context + ": store timestamp").isEqualTo(rec.storeTimestamp());
        assertThat(message.bornTimestamp()).as(context + ": born timestamp").isEqualTo(request.bornTimestamp());
        assertThat(message.tagHash()).as(context + ": tag hash").isEqualTo(request.tagHash());
        assertThat(message.flags()).as(context + ": flags").isEqualTo(request.flags());
        assertThat(message.reconsumeTimes()).as(context + ": reconsume times").isEqualTo(request.reconsumeTimes());
        assertThat(message.preparedPosition()).as(context + ": prepared position").isEqualTo(request.preparedPosition());
        assertThat(message.keys()).as(context + ": keys").isEqualTo(request.keys());
        assertBytes(context + ": born host", message.bornHost(), request.bornHost());
        assertBytes(context + ": properties", message.properties(), request.properties());
        assertBytes(context + ": body", message.body(), request.body());
    }

    static void assertBytes(String context, byte[] actual, byte[] expected) {
        if (!Arrays.equals(actual, expected)) {
            fail("%s differs at index %d (length %d, expected %d)", context, Arrays.mismatch(actual, expected),
                    actual.length, expected.length);
        }
    }

    /** Encoded length of a request as the record layout defines it. */
    static int encodedLength(AppendRequest request) {
        int length = io.tandem.store.RecordDescriptor.HEADER_LENGTH
                + request.topic().getBytes(StandardCharsets.UTF_8).length + request.bornHost().length
                + request.properties().length + request.body().length;
        for (String key : request.keys()) {
            length += 2 + key.getBytes(StandardCharsets.UTF_8).length;
        }
        return length;
    }

    /** Where a record of {@code length} bytes lands when the log ends at {@code end}: records never span segments. */
    static long positionFor(long end, int length) {
        long segmentEnd = (end / SEGMENT_SIZE + 1) * SEGMENT_SIZE;
        return length <= segmentEnd - end ? end : segmentEnd;
    }

    static byte[] bytes(long seed, int size) {
        byte[] bytes = new byte[size];
        new SplittableRandom(seed).nextBytes(bytes);
        return bytes;
    }

    static void deleteRecursively(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new RuntimeException("could not delete " + root, e);
        }
    }

    /** A clock that only moves when told to, so that the model knows every store timestamp. */
    static final class ManualClock extends Clock {
        private final AtomicLong millis;

        ManualClock(long startMillis) {
            this.millis = new AtomicLong(startMillis);
        }

        void advance(long deltaMillis) {
            millis.addAndGet(deltaMillis);
        }

        @Override
        public long millis() {
            return millis.get();
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis.get());
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
