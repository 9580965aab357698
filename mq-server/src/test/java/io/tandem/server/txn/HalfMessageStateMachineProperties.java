package io.tandem.server.txn;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tandem.protocol.message.PropertyKeys;
import io.tandem.protocol.txn.Decision;
import io.tandem.protocol.txn.DecisionSource;
import io.tandem.server.message.BrokerIdentity;
import io.tandem.server.consume.ClientRegistry;
import io.tandem.server.delay.DelayPlan;
import io.tandem.server.delay.DelayRules;
import io.tandem.server.message.MessageDraft;
import io.tandem.server.message.StoredFields;
import io.tandem.server.message.WireRecordWriter;
import io.tandem.server.metrics.BrokerMetrics;
import io.tandem.server.message.MessageWriter;
import io.tandem.store.AppendResult;
import io.tandem.store.MessageStore;
import io.tandem.store.ReadResult;
import io.tandem.store.ReadStatus;
import io.tandem.store.StoreConfig;
import io.tandem.store.StoredMessage;
import io.tandem.store.engine.CommitLogMessageStore;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The half-message state machine under random interleavings of sends, commits and rollbacks from every source,
 * duplicate decisions, progress writes and restarts (with or without the last progress write): no message is
 * delivered unless committed, none twice, and every half ends decided or still visibly undecided.
 */
class HalfMessageStateMachineProperties {

    private static final String TOPIC = "ledger";
    private static final String GROUP = "pg";

    sealed interface Action {
    }

    record SendHalf() implements Action {
    }

    record Decide(int half, Decision decision, DecisionSource source) implements Action {
    }

    record PersistProgress() implements Action {
    }

    record Check(int half) implements Action {
    }

    record Park(int half, boolean parked) implements Action {
    }

    record Restart() implements Action {
    }

    @Provide
    Arbitrary<List<Action>> actions() {
        Arbitrary<Action> send = Arbitraries.just(new SendHalf());
        Arbitrary<Action> decide = net.jqwik.api.Combinators.combine(Arbitraries.integers().between(0, 11),
                Arbitraries.of(Decision.class), Arbitraries.of(DecisionSource.class)).as(Decide::new);
        Arbitrary<Action> persist = Arbitraries.just(new PersistProgress());
        Arbitrary<Action> check = Arbitraries.integers().between(0, 11).map(Check::new);
        Arbitrary<Action> park = net.jqwik.api.Combinators.combine(Arbitraries.integers().between(0, 11),
                Arbitraries.of(true, false)).as(Park::new);
        Arbitrary<Action> restart = Arbitraries.just(new Restart());
        return Arbitraries.frequencyOf(Tuple.of(4, send), Tuple.of(6, decide), Tuple.of(1, persist),
                Tuple.of(1, restart), Tuple.of(2, check), Tuple.of(2, park)).list().ofMinSize(5).ofMaxSize(40);
    }

    @Property(tries = 40)
    void decidedHalvesAreDeliveredExactlyOnceAndNothingElseIs(@ForAll("actions") List<Action> actions)
            throws IOException {
        Path directory = Files.createTempDirectory("half-state-machine");
        Harness harness = new Harness(directory);
        try {
            List<HalfMessage> halves = new ArrayList<>();
            Map<Integer, Decision> model = new HashMap<>();
            for (Action action : actions) {
                switch (action) {
                    case SendHalf ignored -> halves.add(harness.sendHalf("TX-" + halves.size()));
                    case Decide decide -> {
                        if (decide.half() >= halves.size()) {
                            continue;
                        }
                        HalfMessage half = halves.get(decide.half());
                        TransactionService.Outcome outcome = harness.service.decide(half.halfOffset(),
                                half.position(), decide.source() == DecisionSource.PRODUCER ? GROUP : null,
                                decide.decision(), decide.source()).join();
                        if (model.containsKey(decide.half())) {
                            assertThat(outcome).as("second decision of half %d", decide.half())
                                    .isEqualTo(TransactionService.Outcome.ALREADY_DECIDED);
                        } else {
                            assertThat(outcome).isEqualTo(TransactionService.Outcome.DECIDED);
                            model.put(decide.half(), decide.decision());
                        }
                    }
                    case PersistProgress ignored -> harness.service.table().persist();
                    case Check check -> {
                        if (check.half() < halves.size()) {
                            HalfMessage half = halves.get(check.half());
                            // No producer is connected: the attempt is recorded and nothing is decided.
                            assertThat(harness.service.sendCheck(half, 1, 0)).isFalse();
                        }
                    }
                    case Park park -> {
                        if (park.half() < halves.size()) {
                            long halfOffset = halves.get(park.half()).halfOffset();
                            if (park.parked()) {
                                harness.service.table().park(halfOffset);
                            } else {
                                harness.service.table().resume(halfOffset, 0);
                            }
                        }
                    }
                    case Restart ignored -> harness = harness.restart(directory);
                }
            }
            Map<String, Long> delivered = harness.deliveredByTransactionId();
            for (int i = 0; i < halves.size(); i++) {
                String id = "TX-" + i;
                long expected = model.get(i) == Decision.COMMIT ? 1 : 0;
                assertThat(delivered.getOrDefault(id, 0L)).as("copies of %s (%s)", id, model.get(i))
                        .isEqualTo(expected);
                assertThat(harness.service.table().undecided(halves.get(i).halfOffset()) != null)
                        .as("%s is undecided", id).isEqualTo(!model.containsKey(i));
            }
        } finally {
            harness.close();
            try (var files = Files.walk(directory)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    /** A store and the transaction service over it, as the broker wires them. */
    private static final class Harness implements AutoCloseable {
        final MessageStore store;
        final TransactionService service;

        Harness(Path directory) throws IOException {
            store = CommitLogMessageStore.open(StoreConfig.builder(directory.resolve("store")).build());
            BrokerMetrics metrics = new BrokerMetrics(new SimpleMeterRegistry());
            MessageWriter writer = new MessageWriter(store, metrics);
            BrokerIdentity identity = new BrokerIdentity("c", "b",
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), 10911));
            service = new TransactionService(store, writer, new TransactionTable(directory.resolve("config")),
                    new DelayRules(new DelayPlan(List.of(Duration.ofSeconds(1))), Duration.ofDays(1)),
                    new ClientRegistry(Clock.systemUTC(),
                    Duration.ofMinutes(2)), new WireRecordWriter(identity.address()), identity, Clock.systemUTC(),
                    Duration.ofMinutes(5));
            service.recover();
        }

        HalfMessage sendHalf(String transactionId) {
            MessageDraft draft = new MessageDraft(TOPIC, 0, 0, 0, 0, StoredFields.host(
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), 4000)), 0,
                    Map.of(PropertyKeys.UNIQ_KEY, transactionId), transactionId.getBytes());
            AppendResult appended = service.storeHalf(draft, GROUP, "127.0.0.1:4000").join();
            return service.table().undecided(appended.queueOffset()).half();
        }

        /** Restart without writing progress first: what a crash leaves (the store itself is closed cleanly). */
        Harness restart(Path directory) throws IOException {
            store.close();
            return new Harness(directory);
        }

        Map<String, Long> deliveredByTransactionId() {
            store.flush();
            await("dispatch of everything written").atMost(Duration.ofSeconds(5))
                    .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1))
                    .until(() -> store.status().dispatchedPosition() >= store.status().writePosition());
            List<StoredMessage> messages = new ArrayList<>();
            long offset = 0;
            while (true) {
                ReadResult result = store.read(TOPIC, 0, offset, 1024, 64 << 20);
                if (result.status() != ReadStatus.FOUND) {
                    break;
                }
                messages.addAll(result.messages());
                offset = result.nextOffset();
            }
            return messages.stream().collect(Collectors.groupingBy(
                    message -> StoredFields.propertyMap(message.properties()).get(PropertyKeys.UNIQ_KEY),
                    Collectors.counting()));
        }

        @Override
        public void close() throws IOException {
            store.close();
        }
    }
}
