package io.tandem.app.txn;

import io.micrometer.core.instrument.Counter;
import io.tandem.client.admin.AdminClient;
import io.tandem.client.admin.TopicSettings;
import io.tandem.client.consumer.ConsumeFrom;
import io.tandem.client.consumer.PushConsumer;
import io.tandem.client.consumer.PushConsumerConfig;
import io.tandem.coordinator.broker.BrokerAdminClient;
import io.tandem.coordinator.record.DecisionRecord;
import io.tandem.coordinator.record.RecordStatistics;
import io.tandem.protocol.body.HalfDecisionList;
import io.tandem.protocol.txn.Decision;
import io.tandem.protocol.txn.DecisionSource;
import org.assertj.core.api.SoftAssertions;
import org.awaitility.core.ConditionFactory;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Soak test of transactional messages through the whole application: producer JVMs send transactions with Tandem's
 * client in parallel while the test kills each of them with SIGKILL several times at random moments and starts it
 * again where it stopped; one push consumer group counts deliveries. Afterwards every half must be decided (none
 * undecided, none parked), every committed message consumed exactly once, no rolled-back message consumed, every
 * decision the one the message's body calls for, and the coordinator's record must hold the broker's decisions, one
 * for one.
 *
 * <p>Not in the default run ({@code slow}): {@code ./mvnw -B -ntp verify -Pslow -pl tandem-app -am
 * -Dtest=TransactionSoakTest -Dsurefire.failIfNoSpecifiedTests=false}. System properties {@code tandem.soak.messages}
 * (100000), {@code tandem.soak.producers} (3), {@code tandem.soak.kills-per-producer} (4) and {@code tandem.soak.seed}
 * (random, printed) change the run.
 */
@Tag("slow")
class TransactionSoakTest {

    private static final int MESSAGES = Integer.getInteger("tandem.soak.messages", 100_000);
    private static final int PRODUCERS = Integer.getInteger("tandem.soak.producers", 3);
    private static final int KILLS_PER_PRODUCER = Integer.getInteger("tandem.soak.kills-per-producer", 4);
    private static final long SEED = Long.getLong("tandem.soak.seed", System.nanoTime());
    private static final int SENDER_THREADS = 4;
    private static final int QUEUES = 4;
    private static final String GROUP = "soak-producers";
    private static final String TOPIC = "soak";
    /** Time between a producer JVM's start (READY) and its kill: uniformly random in this range. */
    private static final int MIN_LIFE_MS = 1_500;
    private static final int MAX_LIFE_MS = 6_000;
    private static final Duration SENDING_TIMEOUT = Duration.ofMinutes(8);
    private static final Duration SETTLING_TIMEOUT = Duration.ofMinutes(3);

    /** What the test knows about message n from the producers' output. */
    private static final int NOT_BEGUN = 0;
    private static final int BEGUN = 1;
    private static final int SENT = 2;
    private static final int FAILED = 3;

    @TempDir
    Path dataDirectory;

    private final AtomicIntegerArray messageStates = new AtomicIntegerArray(MESSAGES);
    /** Process id of the producer JVM that began each message. */
    private final AtomicLongArray begunBy = new AtomicLongArray(MESSAGES);
    private final List<String> begunTwice = new CopyOnWriteArrayList<>();

    @Test
    @Timeout(value = 14, unit = TimeUnit.MINUTES)
    void shouldDecideEveryHalfAndDeliverEveryCommitExactlyOnceWhileProducersAreKilled() throws Exception {
        long startedNs = System.nanoTime();
        Map<String, Long> milestones = new LinkedHashMap<>();
        Random random = new Random(SEED);
        Deliveries deliveries = new Deliveries();
        List<ProducerSlot> slots = new ArrayList<>();
        try (RunningTandem tandem = RunningTandem.start(dataDirectory, Map.of(
                "tandem.broker.check-back.transaction-timeout", "1s",
                "tandem.coordinator.poll-interval", "200ms",
                "tandem.coordinator.page-size", "1000",
                "tandem.coordinator.backoff.initial", "500ms",
                "tandem.coordinator.backoff.max", "2s",
                "tandem.coordinator.producers." + GROUP + ".max-checks", "100",
                "tandem.coordinator.producers." + GROUP + ".end-of-checks", "PARK"));
             BrokerAdminClient brokerAdmin = new BrokerAdminClient(Duration.ofSeconds(10))) {
            try (AdminClient admin = AdminClient.start(tandem.clientConfig())) {
                admin.createTopic(TopicSettings.of(TOPIC, QUEUES));
            }
            try (PushConsumer consumer = PushConsumer.concurrent(tandem.clientConfig(),
                    PushConsumerConfig.builder("soak-readers").consumeFrom(ConsumeFrom.FIRST_OFFSET)
                            .consumeThreads(4).consumeBatchSize(16).pullBatchSize(64)
                            .rebalanceInterval(Duration.ofSeconds(1)).build(), deliveries)) {
                consumer.subscribe(TOPIC, "*").start();

                ExecutorService drivers = Executors.newFixedThreadPool(PRODUCERS);
                try {
                    List<Future<?>> driving = new ArrayList<>();
                    for (int slot = 0; slot < PRODUCERS; slot++) {
                        ProducerSlot producerSlot = new ProducerSlot(slot, tandem.nameServer(),
                                (int) ((long) MESSAGES * slot / PRODUCERS),
                                (int) ((long) MESSAGES * (slot + 1) / PRODUCERS), new Random(random.nextLong()));
                        slots.add(producerSlot);
                        driving.add(drivers.submit(() -> {
                            producerSlot.drive();
                            return null;
                        }));
                    }
                    for (Future<?> drive : driving) {
                        drive.get(SENDING_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                    }
                } finally {
                    drivers.shutdownNow();
                }
                milestones.put("sent", System.nanoTime() - startedNs);

                String broker = tandem.brokerAddress();
                awaitQuietly(await("every half decided on the broker").atMost(SETTLING_TIMEOUT)
                        .pollInterval(Duration.ofSeconds(1))
                        .failFast("a half was parked", () -> tandem.record().statistics().parked() > 0),
                        () -> brokerAdmin.listHalves(broker, 0, 100).halves().isEmpty());
                milestones.put("decided", System.nanoTime() - startedNs);
                List<HalfDecisionList.Entry> decisions = allDecisions(brokerAdmin, broker);
                Map<String, List<HalfDecisionList.Entry>> byTransaction = decisions.stream()
                        .collect(Collectors.groupingBy(HalfDecisionList.Entry::transactionId));
                Set<String> committed = decisions.stream().filter(decision -> decision.decision() == Decision.COMMIT)
                        .map(HalfDecisionList.Entry::transactionId).collect(Collectors.toSet());

                awaitQuietly(await("every committed message consumed").atMost(SETTLING_TIMEOUT)
                        .pollInterval(Duration.ofSeconds(1)), () -> deliveries.distinct() >= committed.size());
                awaitQuietly(await("no duplicate or rolled-back delivery").during(Duration.ofSeconds(3))
                        .atMost(Duration.ofSeconds(30)), () -> deliveries.total() == committed.size());
                milestones.put("consumed", System.nanoTime() - startedNs);
                awaitQuietly(await("the coordinator's record holds every decision").atMost(SETTLING_TIMEOUT)
                        .pollInterval(Duration.ofSeconds(1)),
                        () -> tandem.record().decisions(broker).size() >= decisions.size());
                milestones.put("recorded", System.nanoTime() - startedNs);

                SoftAssertions softly = new SoftAssertions();
                for (ProducerSlot slot : slots) {
                    softly.assertThat(slot.stop()).as("exit code of producer %d, stopped", slot.index).isZero();
                }
                softly.assertThat(brokerAdmin.listHalves(broker, 0, 20).halves()).as("undecided halves").isEmpty();
                softly.assertThat(byTransaction.values().stream().filter(halves -> halves.size() > 1)
                        .map(halves -> halves.getFirst().transactionId() + " delivered "
                                + deliveries.count(halves.getFirst().transactionId()) + " times: " + halves)
                        .toList()).as("messages with more than one half").isEmpty();
                softly.assertThat(begunTwice).as("messages begun by two producer JVMs").isEmpty();
                softly.assertThat(slots.stream().flatMap(slot -> slot.handlerFailures.stream()).toList())
                        .as("unreadable producer output").isEmpty();
                List<String> acknowledgedUndecided = new ArrayList<>();
                List<String> neverBegun = new ArrayList<>();
                List<String> wronglyDecided = new ArrayList<>();
                for (int number = 0; number < MESSAGES; number++) {
                    String body = SoakProducerMain.body(number);
                    int state = messageStates.get(number);
                    List<HalfDecisionList.Entry> halves = byTransaction.getOrDefault(body, List.of());
                    if (state == SENT && halves.isEmpty()) {
                        acknowledgedUndecided.add(body);
                    }
                    if (state == NOT_BEGUN && !halves.isEmpty()) {
                        neverBegun.add(body);
                    }
                    halves.stream().filter(half -> !half.decision().name().equals(SoakProducerMain.outcome(body).name()))
                            .forEach(half -> wronglyDecided.add(body + " " + half));
                }
                softly.assertThat(acknowledgedUndecided).as("acknowledged messages without a decision").isEmpty();
                softly.assertThat(neverBegun).as("decided messages no producer began").isEmpty();
                softly.assertThat(wronglyDecided).as("decisions other than the body's").isEmpty();
                softly.assertThat(decisions).extracting(HalfDecisionList.Entry::source)
                        .as("decision sources").doesNotContain(DecisionSource.POLICY, DecisionSource.OPERATOR);

                Map<String, Long> counts = deliveries.counts();
                softly.assertThat(counts.keySet()).as("consumed messages").containsExactlyInAnyOrderElementsOf(
                        committed);
                softly.assertThat(counts.entrySet().stream().filter(count -> count.getValue() != 1L)
                        .map(Object::toString).toList()).as("messages delivered more than once").isEmpty();

                Map<Long, String> brokerDecisions = decisions.stream().collect(Collectors.toMap(
                        HalfDecisionList.Entry::halfOffset, decision -> decision.decision() + "/"
                                + decision.source(), (first, second) -> first + " then " + second));
                Map<Long, String> recordDecisions = tandem.record().decisions(broker).stream().collect(
                        Collectors.toMap(DecisionRecord::halfOffset, decision -> decision.decision() + "/"
                                + decision.source(), (first, second) -> first + " then " + second));
                softly.assertThat(recordDecisions).as("the record's decisions by half").isEqualTo(brokerDecisions);
                RecordStatistics statistics = tandem.record().statistics();
                softly.assertThat(statistics.pending()).as("pending halves in the record").isZero();
                softly.assertThat(statistics.parked()).as("parked halves in the record").isZero();
                softly.assertThat(slots.stream().mapToInt(ProducerSlot::kills).sum()).as("SIGKILLs")
                        .isGreaterThanOrEqualTo(PRODUCERS);
                milestones.put("total", System.nanoTime() - startedNs);
                System.out.println(summary(slots, decisions, committed.size(), statistics, tandem, milestones));
                if (!softly.wasSuccess()) {
                    slots.forEach(slot -> slot.lives.forEach(life -> System.out.println("Soak: " + life)));
                }
                softly.assertAll();
            }
        } finally {
            slots.forEach(ProducerSlot::close);
        }
    }

    /** Waits as told; a timeout is left to the assertions that follow, which say what is missing. */
    private static void awaitQuietly(ConditionFactory wait, Callable<Boolean> condition) {
        try {
            wait.until(condition);
        } catch (ConditionTimeoutException | TerminalFailureException e) {
            System.out.println("Soak: " + e.getMessage());
        }
    }

    private static List<HalfDecisionList.Entry> allDecisions(BrokerAdminClient admin, String broker) {
        List<HalfDecisionList.Entry> all = new ArrayList<>();
        long from = 0;
        while (true) {
            HalfDecisionList page = admin.decisions(broker, from, 1000);
            if (page.decisions().isEmpty()) {
                return all;
            }
            all.addAll(page.decisions());
            from = page.nextOpOffset();
        }
    }

    private String summary(List<ProducerSlot> slots, List<HalfDecisionList.Entry> decisions, int committed,
                           RecordStatistics record, RunningTandem tandem, Map<String, Long> milestones) {
        Map<DecisionSource, Long> bySource = new TreeMap<>(decisions.stream().collect(
                Collectors.groupingBy(HalfDecisionList.Entry::source, Collectors.counting())));
        Map<String, Double> checks = new TreeMap<>();
        for (Counter counter : tandem.meters().find("tandem.coordinator.checks").counters()) {
            checks.merge(counter.getId().getTag("channel") + "/" + counter.getId().getTag("answer"), counter.count(),
                    Double::sum);
        }
        long totalChecks = Math.round(checks.values().stream().mapToDouble(Double::doubleValue).sum());
        int acknowledged = 0;
        int failed = 0;
        for (int number = 0; number < MESSAGES; number++) {
            acknowledged += messageStates.get(number) == SENT ? 1 : 0;
            failed += messageStates.get(number) == FAILED ? 1 : 0;
        }
        return String.format("Soak: %d messages, %d producer JVMs, %d SIGKILLs (%d sends in flight at a kill), "
                        + "%d sends acknowledged, %d failed; %d halves decided (%d committed, %d rolled back; by %s), "
                        + "%d pending and %d parked in the record; %d committed messages consumed exactly once, no "
                        + "rolled-back one; "
                        + "%d coordinator checks %s; seconds from the start: %s (seed %d)",
                MESSAGES, PRODUCERS, slots.stream().mapToInt(ProducerSlot::kills).sum(),
                slots.stream().mapToInt(ProducerSlot::inFlightAtKills).sum(), acknowledged, failed, decisions.size(),
                committed, decisions.size() - committed, bySource, record.pending(), record.parked(), committed,
                totalChecks,
                checks.entrySet().stream().map(entry -> entry.getKey() + "=" + Math.round(entry.getValue()))
                        .collect(Collectors.joining(", ", "(", ")")),
                milestones.entrySet().stream()
                        .map(entry -> entry.getKey() + " " + TimeUnit.NANOSECONDS.toSeconds(entry.getValue()))
                        .collect(Collectors.joining(", ")), SEED);
    }

    /**
     * One producer's share of the messages, sent by a succession of producer JVMs: each is killed at a random moment
     * until the share has had its kills, and the next starts after the highest number any of them began.
     */
    private final class ProducerSlot implements AutoCloseable {

        private final int index;
        private final String nameServer;
        private final int end;
        private final Random random;
        private int next;
        private int kills;
        private int inFlightAtKills;
        private volatile ChildJvm current;
        private final List<String> lives = new CopyOnWriteArrayList<>();
        private final List<String> handlerFailures = new CopyOnWriteArrayList<>();

        ProducerSlot(int index, String nameServer, int from, int end, Random random) {
            this.index = index;
            this.nameServer = nameServer;
            this.next = from;
            this.end = end;
            this.random = random;
        }

        int kills() {
            return kills;
        }

        int inFlightAtKills() {
            return inFlightAtKills;
        }

        /** Sends the share, killing and restarting its JVM; returns with the last JVM running, its share sent. */
        void drive() throws InterruptedException {
            while (true) {
                CountDownLatch ready = new CountDownLatch(1);
                CountDownLatch done = new CountDownLatch(1);
                AtomicInteger highestBegun = new AtomicInteger(next - 1);
                Set<Integer> inFlight = ConcurrentHashMap.newKeySet();
                AtomicLong pid = new AtomicLong();
                int from = next;
                current = ChildJvm.start(SoakProducerMain.class, List.of(nameServer, GROUP, TOPIC,
                        Integer.toString(from), Integer.toString(end), Integer.toString(SENDER_THREADS)), line -> {
                    String[] parts = line.split(" ", 3);
                    switch (parts[0]) {
                        case "READY" -> ready.countDown();
                        case "DONE" -> done.countDown();
                        case "BEGIN" -> {
                            int number = Integer.parseInt(parts[1]);
                            long before = begunBy.getAndSet(number, pid.get());
                            if (before != 0) {
                                begunTwice.add(SoakProducerMain.body(number) + " by " + before + " and " + pid.get());
                            }
                            messageStates.set(number, BEGUN);
                            inFlight.add(number);
                            highestBegun.accumulateAndGet(number, Math::max);
                        }
                        case "SENT" -> {
                            messageStates.set(Integer.parseInt(parts[1]), SENT);
                            inFlight.remove(Integer.parseInt(parts[1]));
                        }
                        case "FAILED" -> {
                            messageStates.set(Integer.parseInt(parts[1]), FAILED);
                            inFlight.remove(Integer.parseInt(parts[1]));
                        }
                        default -> {
                            // the client's own log lines
                        }
                    }
                });
                pid.set(current.pid());
                if (!ready.await(60, TimeUnit.SECONDS)) {
                    throw new AssertionError("producer " + index + " did not start:\n" + current.tail());
                }
                if (kills < KILLS_PER_PRODUCER) {
                    long lifeMs = MIN_LIFE_MS + random.nextInt(MAX_LIFE_MS - MIN_LIFE_MS);
                    if (!done.await(lifeMs, TimeUnit.MILLISECONDS)) {
                        int exitCode = current.kill();
                        handlerFailures.addAll(current.handlerFailures());
                        assertThat(exitCode).as("exit code of a SIGKILLed producer").isEqualTo(137);
                        kills++;
                        inFlightAtKills += inFlight.size();
                        // The next JVM goes on after the highest number begun; when that was the last one, it only
                        // answers checks for the group.
                        next = highestBegun.get() + 1;
                        lives.add("producer " + index + ": JVM " + pid.get() + " sent from " + from + ", killed after "
                                + lifeMs + " ms with " + inFlight.size() + " in flight, next from " + next);
                        continue;
                    }
                }
                if (!done.await(SENDING_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new AssertionError("producer " + index + " did not finish:\n" + current.tail());
                }
                lives.add("producer " + index + ": JVM " + pid.get() + " sent from " + from + " to " + end);
                return;
            }
        }

        /** Lets the running JVM stop by closing its input; returns its exit code. */
        int stop() {
            current.closeInput();
            int exitCode = current.awaitExit();
            handlerFailures.addAll(current.handlerFailures());
            return exitCode;
        }

        @Override
        public void close() {
            ChildJvm jvm = current;
            if (jvm != null) {
                jvm.close();
            }
        }
    }
}
