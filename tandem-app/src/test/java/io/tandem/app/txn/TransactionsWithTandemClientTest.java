package io.tandem.app.txn;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.tandem.client.ClientConfig;
import io.tandem.client.Message;
import io.tandem.client.admin.AdminClient;
import io.tandem.client.admin.TopicSettings;
import io.tandem.client.consumer.ConsumeFrom;
import io.tandem.client.consumer.PushConsumer;
import io.tandem.client.consumer.PushConsumerConfig;
import io.tandem.client.producer.Producer;
import io.tandem.client.producer.ProducerConfig;
import io.tandem.client.producer.TransactionListener;
import io.tandem.client.producer.TransactionSendResult;
import io.tandem.client.producer.TransactionState;
import io.tandem.client.remoting.RemotingClient;
import io.tandem.client.remoting.RemotingClientConfig;
import io.tandem.coordinator.record.CheckAnswer;
import io.tandem.coordinator.record.CheckAttempt;
import io.tandem.coordinator.record.CheckChannel;
import io.tandem.coordinator.record.DecisionRecord;
import io.tandem.coordinator.record.HalfRecord;
import io.tandem.coordinator.record.HalfState;
import io.tandem.coordinator.record.TransactionRecord;
import io.tandem.protocol.RemotingCommand;
import io.tandem.protocol.RequestCode;
import io.tandem.protocol.header.EndTransactionRequestHeader;
import io.tandem.protocol.header.TransactionResolution;
import io.tandem.protocol.message.OffsetMessageId;
import io.tandem.protocol.txn.Decision;
import io.tandem.protocol.txn.DecisionSource;
import io.tandem.testing.ThreadLeaks;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/**
 * Transactional messages sent with Tandem's own client ({@link Producer#sendInTransaction}) through the whole
 * application (broker and coordinator in one process), consumed with a {@link PushConsumer}: what a user relies on
 * is that a transactional message is delivered exactly once when its transaction commits, however the decision is
 * reached (the producer, a check, the producer service's HTTP endpoint, the end-of-checks policy, an operator), and
 * never when it rolls back; and that the coordinator's record tells how it was decided.
 *
 * <p>Every test has its own topic (one queue, so that a marker message read after a decision proves that nothing
 * decided before it is still on its way), its own producer group and its own consumer group.
 */
@Timeout(60)
class TransactionsWithTandemClientTest {

    private static final Duration AT_MOST = Duration.ofSeconds(20);
    private static final AtomicInteger MARKERS_SENT = new AtomicInteger();

    /** A producer service answering checks over HTTP when none of its instances is connected. */
    private static final String HTTP_CHECKED_GROUP = "billing-service";
    private static final String ROLLBACK_AT_END_GROUP = "expiring-rollback";
    private static final String COMMIT_AT_END_GROUP = "expiring-commit";
    private static final String PARK_AT_END_GROUP = "expiring-park";
    private static final int MAX_CHECKS_AT_END = 2;

    @TempDir
    static Path dataDirectory;

    static HttpServer checkEndpoint;
    static ExecutorService checkEndpointThreads;
    /** The HTTP endpoint's answer by the message's KEYS. */
    static final Map<String, String> endpointAnswers = new ConcurrentHashMap<>();
    static final List<Map<String, String>> endpointRequests = new CopyOnWriteArrayList<>();

    static RunningTandem tandem;
    static AdminClient admin;
    static Producer markers;
    static OperatorApi operatorApi;

    private final List<AutoCloseable> openedByTest = new ArrayList<>();

    @BeforeAll
    static void startTandemAndTheCheckEndpoint() throws IOException {
        checkEndpoint = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        checkEndpoint.createContext("/tandem/transactions/check", TransactionsWithTandemClientTest::answerCheck);
        checkEndpointThreads = Executors.newVirtualThreadPerTaskExecutor();
        checkEndpoint.setExecutor(checkEndpointThreads);
        checkEndpoint.start();
        String checkUrl = "http://127.0.0.1:" + checkEndpoint.getAddress().getPort() + "/tandem/transactions/check";

        Map<String, String> settings = new HashMap<>();
        settings.put("tandem.coordinator.producers." + HTTP_CHECKED_GROUP + ".check-url", checkUrl);
        for (String group : List.of(ROLLBACK_AT_END_GROUP, COMMIT_AT_END_GROUP, PARK_AT_END_GROUP)) {
            settings.put("tandem.coordinator.producers." + group + ".max-checks", Integer.toString(MAX_CHECKS_AT_END));
        }
        settings.put("tandem.coordinator.producers." + ROLLBACK_AT_END_GROUP + ".end-of-checks", "ROLLBACK");
        settings.put("tandem.coordinator.producers." + COMMIT_AT_END_GROUP + ".end-of-checks", "COMMIT");
        settings.put("tandem.coordinator.producers." + PARK_AT_END_GROUP + ".end-of-checks", "PARK");
        tandem = RunningTandem.start(dataDirectory, settings);
        admin = AdminClient.start(tandem.clientConfig());
        markers = Producer.start(tandem.clientConfig(), ProducerConfig.of("marker-producer"));
        operatorApi = new OperatorApi(tandem.apiPort());
    }

    @AfterEach
    void closeClientsOfTheTest() throws Exception {
        for (AutoCloseable closeable : openedByTest.reversed()) {
            closeable.close();
        }
    }

    @AfterAll
    static void stopEverything() {
        operatorApi.close();
        markers.close();
        admin.close();
        tandem.close();
        checkEndpoint.stop(0);
        checkEndpointThreads.close();
        ThreadLeaks.assertNoneLeft("tandem-");
    }

    // The producer decides.

    @Test
    void shouldDeliverATransactionOnceWhenItsProducerCommits() {
        String topic = "orders";
        Deliveries deliveries = subscribe(topic, "order-reader", tandem);
        ScriptedTransactions script = ScriptedTransactions.of(TransactionState.COMMIT, TransactionState.COMMIT);
        Producer producer = producer("order-service", script, tandem);

        TransactionSendResult sent = producer.sendInTransaction(message(topic, "order-1"), null);

        assertThat(sent.state()).isEqualTo(TransactionState.COMMIT);
        assertDeliveredOnce(deliveries, markers, topic, "order-1");
        assertThat(deliveries.first("order-1").messageId()).isEqualTo(sent.sendResult().messageId());
        assertThat(deliveries.first("order-1").topic()).isEqualTo(topic);
        HalfRecord half = awaitDecided("order-service", sent);
        assertThat(half.state()).isEqualTo(HalfState.COMMITTED);
        assertThat(half.decisionSource()).isEqualTo(DecisionSource.PRODUCER);
        assertThat(half.checks()).isZero();
        assertThat(script.checked()).isEmpty();
    }

    @Test
    void shouldNeverDeliverATransactionItsProducerRolledBack() {
        String topic = "refunds";
        Deliveries deliveries = subscribe(topic, "refund-reader", tandem);
        ScriptedTransactions script = ScriptedTransactions.of(TransactionState.ROLLBACK, TransactionState.COMMIT);
        Producer producer = producer("refund-service", script, tandem);

        TransactionSendResult sent = producer.sendInTransaction(message(topic, "refund-1"), null);

        assertThat(sent.state()).isEqualTo(TransactionState.ROLLBACK);
        HalfRecord half = awaitDecided("refund-service", sent);
        assertThat(half.state()).isEqualTo(HalfState.ROLLED_BACK);
        assertThat(half.decisionSource()).isEqualTo(DecisionSource.PRODUCER);
        assertNeverDelivered(deliveries, markers, topic, "refund-1");
        assertThat(script.checked()).isEmpty();
    }

    // Checks answered UNKNOWN, then COMMIT.

    @Test
    void shouldCheckAgainWhileTheProducerAnswersUnknownAndDeliverOnceWhenItCommits() {
        String topic = "transfers";
        Deliveries deliveries = subscribe(topic, "transfer-reader", tandem);
        ScriptedTransactions script = unknownThenCommit(3);
        Producer producer = producer("transfer-service", script, tandem);

        TransactionSendResult sent = producer.sendInTransaction(message(topic, "transfer-1"), null);

        assertThat(sent.state()).isEqualTo(TransactionState.UNKNOWN);
        assertDeliveredOnce(deliveries, markers, topic, "transfer-1");
        assertThat(script.checked()).containsExactly("transfer-1", "transfer-1", "transfer-1", "transfer-1");
        HalfRecord half = awaitDecided("transfer-service", sent);
        assertThat(half.state()).isEqualTo(HalfState.COMMITTED);
        assertThat(half.decisionSource()).isEqualTo(DecisionSource.CHECK);
        assertThat(half.checks()).isEqualTo(4);
        await().atMost(AT_MOST).untilAsserted(() -> assertThat(record().attempts(half.id()))
                .extracting(CheckAttempt::checkNumber, CheckAttempt::channel)
                .containsExactly(tuple(1, CheckChannel.BROKER), tuple(2, CheckChannel.BROKER),
                        tuple(3, CheckChannel.BROKER), tuple(4, CheckChannel.BROKER)));
        assertThat(record().attempts(half.id()).getLast().answer()).isEqualTo(CheckAnswer.COMMIT);
    }

    @Test
    void shouldRecordEveryUnknownAnswerOfTheProducerInTheCoordinatorsRecord() {
        String topic = "transfers-recorded";
        Deliveries deliveries = subscribe(topic, "transfer-recorded-reader", tandem);
        Producer producer = producer("transfer-recorded-service", unknownThenCommit(3), tandem);

        TransactionSendResult sent = producer.sendInTransaction(message(topic, "transfer-2"), null);

        assertDeliveredOnce(deliveries, markers, topic, "transfer-2");
        HalfRecord half = awaitDecided("transfer-recorded-service", sent);
        await().atMost(AT_MOST).untilAsserted(() -> assertThat(record().attempts(half.id()))
                .extracting(CheckAttempt::checkNumber, CheckAttempt::channel, CheckAttempt::answer)
                .containsExactly(
                        tuple(1, CheckChannel.BROKER, CheckAnswer.UNKNOWN),
                        tuple(2, CheckChannel.BROKER, CheckAnswer.UNKNOWN),
                        tuple(3, CheckChannel.BROKER, CheckAnswer.UNKNOWN),
                        tuple(4, CheckChannel.BROKER, CheckAnswer.COMMIT)));
    }

    // The producer is killed between the stored half and END_TRANSACTION.

    @Test
    void shouldLetARestartedProducerOfTheGroupAnswerForOneKilledDuringItsLocalTransaction() {
        String topic = "payments";
        String group = "payment-service";
        Deliveries deliveries = subscribe(topic, "payment-reader", tandem);
        HalfRecord pending = killProducerDuringItsLocalTransaction(group, topic, "payment-1");
        assertThat(deliveries.count("payment-1")).isZero();

        ScriptedTransactions successor = new ScriptedTransactions(message -> TransactionState.COMMIT,
                message -> "payment-1".equals(message.bodyAsString()) ? TransactionState.COMMIT
                        : TransactionState.UNKNOWN);
        Producer restarted = producer(group, successor, tandem);
        // The restarted service goes on with its work.
        restarted.sendInTransaction(message(topic, "payment-2"), null);

        assertDeliveredOnce(deliveries, markers, topic, "payment-1");
        assertDeliveredOnce(deliveries, markers, topic, "payment-2");
        assertThat(successor.checked()).containsExactly("payment-1");
        HalfRecord half = await().atMost(AT_MOST).until(() -> record().half(pending.id()).orElseThrow(),
                decided -> decided.state().isFinal());
        assertThat(half.state()).isEqualTo(HalfState.COMMITTED);
        assertThat(half.decisionSource()).isEqualTo(DecisionSource.CHECK);
        assertThat(deliveries.first("payment-1").messageId()).isEqualTo(half.transactionId());
    }

    @Test
    void shouldLetANewProducerOfTheGroupAnswerForOneKilledDuringItsLocalTransactionBeforeItSendsAnything() {
        String topic = "card-payments";
        String group = "card-payment-service";
        Deliveries deliveries = subscribe(topic, "card-payment-reader", tandem);
        HalfRecord pending = killProducerDuringItsLocalTransaction(group, topic, "card-payment-1");

        ScriptedTransactions successor = new ScriptedTransactions(message -> TransactionState.COMMIT,
                message -> "card-payment-1".equals(message.bodyAsString()) ? TransactionState.COMMIT
                        : TransactionState.UNKNOWN);
        producer(group, successor, tandem);

        assertDeliveredOnce(deliveries, markers, topic, "card-payment-1");
        assertThat(successor.checked()).containsExactly("card-payment-1");
        HalfRecord half = await().atMost(AT_MOST).until(() -> record().half(pending.id()).orElseThrow(),
                decided -> decided.state().isFinal());
        assertThat(half.state()).isEqualTo(HalfState.COMMITTED);
        assertThat(half.decisionSource()).isEqualTo(DecisionSource.CHECK);
    }

    // No producer online: the producer service's HTTP check endpoint answers.

    @Test
    void shouldResolveByTheProducerServicesHttpEndpointWhenNoProducerIsOnline() {
        String topic = "invoices";
        Deliveries deliveries = subscribe(topic, "invoice-reader", tandem);
        endpointAnswers.put("invoice-paid", "COMMIT");
        endpointAnswers.put("invoice-void", "ROLLBACK");
        ScriptedTransactions script = ScriptedTransactions.of(TransactionState.UNKNOWN, TransactionState.UNKNOWN);
        TransactionSendResult paid;
        TransactionSendResult voided;
        try (Producer producer = Producer.startTransactional(tandem.clientConfig(),
                ProducerConfig.of(HTTP_CHECKED_GROUP), script)) {
            paid = producer.sendInTransaction(message(topic, "invoice-paid"), null);
            voided = producer.sendInTransaction(message(topic, "invoice-void"), null);
        }

        assertDeliveredOnce(deliveries, markers, topic, "invoice-paid");
        HalfRecord paidHalf = awaitDecided(HTTP_CHECKED_GROUP, paid);
        HalfRecord voidHalf = awaitDecided(HTTP_CHECKED_GROUP, voided);
        assertNeverDelivered(deliveries, markers, topic, "invoice-void");
        assertThat(paidHalf.state()).isEqualTo(HalfState.COMMITTED);
        assertThat(paidHalf.decisionSource()).isEqualTo(DecisionSource.CHECK);
        assertThat(voidHalf.state()).isEqualTo(HalfState.ROLLED_BACK);
        assertThat(voidHalf.decisionSource()).isEqualTo(DecisionSource.CHECK);
        assertThat(record().attempts(paidHalf.id())).extracting(CheckAttempt::channel, CheckAttempt::answer)
                .containsSubsequence(tuple(CheckChannel.BROKER, CheckAnswer.NO_PRODUCER),
                        tuple(CheckChannel.HTTP, CheckAnswer.COMMIT));
        assertThat(record().attempts(voidHalf.id())).extracting(CheckAttempt::channel, CheckAttempt::answer)
                .containsSubsequence(tuple(CheckChannel.BROKER, CheckAnswer.NO_PRODUCER),
                        tuple(CheckChannel.HTTP, CheckAnswer.ROLLBACK));
        assertThat(endpointRequests)
                .filteredOn(query -> paid.sendResult().messageId().equals(query.get("transactionId")))
                .isNotEmpty()
                .allSatisfy(query -> assertThat(query).containsEntry("producerGroup", HTTP_CHECKED_GROUP)
                        .containsEntry("topic", topic).containsEntry("keys", "invoice-paid"));
    }

    // The checks run out: the end-of-checks policy of the group.

    @Test
    void shouldNeverDeliverWhenTheChecksRunOutUnderTheRollbackPolicy() {
        String topic = "expiring-rollbacks";
        Deliveries deliveries = subscribe(topic, "expiring-rollback-reader", tandem);
        ScriptedTransactions script = ScriptedTransactions.of(TransactionState.UNKNOWN, TransactionState.UNKNOWN);
        Producer producer = producer(ROLLBACK_AT_END_GROUP, script, tandem);

        TransactionSendResult sent = producer.sendInTransaction(message(topic, "undecided-1"), null);

        HalfRecord half = awaitDecided(ROLLBACK_AT_END_GROUP, sent);
        assertThat(half.state()).isEqualTo(HalfState.ROLLED_BACK);
        assertThat(half.decisionSource()).isEqualTo(DecisionSource.POLICY);
        assertThat(half.checks()).isEqualTo(MAX_CHECKS_AT_END);
        assertThat(script.checked()).hasSize(MAX_CHECKS_AT_END);
        assertNeverDelivered(deliveries, markers, topic, "undecided-1");
    }

    @Test
    void shouldDeliverOnceWhenTheChecksRunOutUnderTheCommitPolicy() {
        String topic = "expiring-commits";
        Deliveries deliveries = subscribe(topic, "expiring-commit-reader", tandem);
        ScriptedTransactions script = ScriptedTransactions.of(TransactionState.UNKNOWN, TransactionState.UNKNOWN);
        Producer producer = producer(COMMIT_AT_END_GROUP, script, tandem);

        TransactionSendResult sent = producer.sendInTransaction(message(topic, "undecided-2"), null);

        assertDeliveredOnce(deliveries, markers, topic, "undecided-2");
        HalfRecord half = awaitDecided(COMMIT_AT_END_GROUP, sent);
        assertThat(half.state()).isEqualTo(HalfState.COMMITTED);
        assertThat(half.decisionSource()).isEqualTo(DecisionSource.POLICY);
        assertThat(half.checks()).isEqualTo(MAX_CHECKS_AT_END);
        assertThat(script.checked()).hasSize(MAX_CHECKS_AT_END);
    }

    @Test
    void shouldParkWhenTheChecksRunOutUnderTheParkPolicyAndDeliverOnceWhenAnOperatorCommits() {
        String topic = "expiring-parks";
        Deliveries deliveries = subscribe(topic, "expiring-park-reader", tandem);
        ScriptedTransactions script = ScriptedTransactions.of(TransactionState.UNKNOWN, TransactionState.UNKNOWN);
        Producer producer = producer(PARK_AT_END_GROUP, script, tandem);

        TransactionSendResult sent = producer.sendInTransaction(message(topic, "undecided-3"), null);

        JsonNode parked = await().atMost(AT_MOST).until(() -> operatorApi.halves("PARKED", PARK_AT_END_GROUP),
                halves -> halves.size() == 1).get(0);
        assertThat(parked.path("transactionId").asString()).isEqualTo(sent.sendResult().messageId());
        assertThat(parked.path("checks").asInt()).isEqualTo(MAX_CHECKS_AT_END);
        assertThat(operatorApi.halves("UNDECIDED", PARK_AT_END_GROUP).size()).isEqualTo(1);
        assertNeverDelivered(deliveries, markers, topic, "undecided-3");
        assertThat(script.checked()).as("checks after parking").hasSize(MAX_CHECKS_AT_END);
        assertThat(record().half(parked.path("id").asLong()).orElseThrow().state()).isEqualTo(HalfState.PARKED);

        OperatorApi.Answer forced = operatorApi.act(parked.path("id").asLong(), "commit", "alice",
                "order confirmed by phone");

        assertThat(forced.status()).as(forced.body().toString()).isEqualTo(200);
        assertThat(forced.body().path("outcome").asString()).isEqualTo("DONE");
        assertDeliveredOnce(deliveries, markers, topic, "undecided-3");
        HalfRecord half = awaitDecided(PARK_AT_END_GROUP, sent);
        assertThat(half.state()).isEqualTo(HalfState.COMMITTED);
        assertThat(half.decisionSource()).isEqualTo(DecisionSource.OPERATOR);
        DecisionRecord decision = record().decision(half.id()).orElseThrow();
        assertThat(decision.actor()).isEqualTo("alice");
        assertThat(decision.reason()).isEqualTo("order confirmed by phone");
    }

    // The application restarts while a half is pending.

    @Test
    void shouldResolveAPendingHalfAfterTheApplicationRestartsAndDeliverEachCommitOnce(
            @TempDir Path restartedDataDirectory) {
        String topic = "shipments";
        String group = "shipping-service";
        AtomicBoolean restarted = new AtomicBoolean();
        List<String> checkedAfterRestart = new CopyOnWriteArrayList<>();
        ScriptedTransactions script = new ScriptedTransactions(
                message -> switch (new String(message.body(), StandardCharsets.UTF_8)) {
                    case "shipment-committed" -> TransactionState.COMMIT;
                    case "shipment-rolled-back" -> TransactionState.ROLLBACK;
                    default -> TransactionState.UNKNOWN;
                },
                message -> {
                    if (!restarted.get()) {
                        return TransactionState.UNKNOWN;
                    }
                    checkedAfterRestart.add(message.bodyAsString());
                    return TransactionState.COMMIT;
                });
        RunningTandem restarting = RunningTandem.start(restartedDataDirectory, Map.of());
        openedByTest.add(restarting);
        createTopic(restarting, topic);
        Producer producer = producer(group, script, restarting);
        TransactionSendResult committed = producer.sendInTransaction(message(topic, "shipment-committed"), null);
        TransactionSendResult rolledBack = producer.sendInTransaction(message(topic, "shipment-rolled-back"), null);
        TransactionSendResult pending = producer.sendInTransaction(message(topic, "shipment-pending"), null);
        HalfRecord pendingBefore = await().atMost(AT_MOST).until(
                () -> halfOf(restarting.record(), group, pending.sendResult().messageId()),
                half -> half.isPresent() && half.get().state() == HalfState.PENDING).get();
        HalfRecord committedHalf = awaitDecided(restarting.record(), group, committed);
        HalfRecord rolledBackHalf = awaitDecided(restarting.record(), group, rolledBack);

        restarting.restart();
        restarted.set(true);

        Deliveries deliveries = subscribe(topic, "shipment-reader", restarting);
        assertDeliveredOnce(deliveries, producer, topic, "shipment-pending");
        assertDeliveredOnce(deliveries, producer, topic, "shipment-committed");
        assertNeverDelivered(deliveries, producer, topic, "shipment-rolled-back");
        assertThat(checkedAfterRestart).containsExactly("shipment-pending");
        HalfRecord pendingAfter = awaitDecided(restarting.record(), group, pending);
        assertThat(pendingAfter.id()).as("the record kept the half").isEqualTo(pendingBefore.id());
        assertThat(pendingAfter.state()).isEqualTo(HalfState.COMMITTED);
        assertThat(pendingAfter.decisionSource()).isEqualTo(DecisionSource.CHECK);
        assertThat(restarting.record().decisions(restarting.brokerAddress()))
                .extracting(DecisionRecord::halfId, DecisionRecord::decision)
                .containsExactlyInAnyOrder(tuple(committedHalf.id(), Decision.COMMIT),
                        tuple(rolledBackHalf.id(), Decision.ROLLBACK), tuple(pendingBefore.id(), Decision.COMMIT));
    }

    // Duplicate commits.

    @Test
    void shouldDeliverOnceWhenTheProducerCommitsAfterACheckAnswerAlreadyCommitted() {
        String topic = "reservations";
        String group = "inventory-service";
        Deliveries deliveries = subscribe(topic, "reservation-reader", tandem);
        ScriptedTransactions script = new ScriptedTransactions(message -> {
            // A slow local transaction: it ends only after the coordinator's check already committed the half.
            await().atMost(AT_MOST).until(() -> record().halvesOfGroup(group).stream()
                    .anyMatch(half -> half.state() == HalfState.COMMITTED));
            return TransactionState.COMMIT;
        }, message -> TransactionState.COMMIT);
        Producer producer = producer(group, script, tandem);

        TransactionSendResult sent = producer.sendInTransaction(message(topic, "reservation-1"), null);

        assertThat(sent.state()).isEqualTo(TransactionState.COMMIT);
        assertDeliveredOnce(deliveries, markers, topic, "reservation-1");
        assertThat(script.checked()).containsExactly("reservation-1");
        HalfRecord half = awaitDecided(group, sent);
        assertThat(half.decisionSource()).isEqualTo(DecisionSource.CHECK);
        assertThat(record().decisions(tandem.brokerAddress()))
                .filteredOn(decision -> decision.halfId() == half.id()).hasSize(1);
    }

    @Test
    void shouldDeliverOnceWhenEndTransactionArrivesAgainAfterTheCommit() {
        String topic = "deliveries";
        String group = "delivery-service";
        Deliveries deliveries = subscribe(topic, "delivery-reader", tandem);
        Producer producer = producer(group,
                ScriptedTransactions.of(TransactionState.COMMIT, TransactionState.COMMIT), tandem);
        TransactionSendResult sent = producer.sendInTransaction(message(topic, "delivery-1"), null);
        assertDeliveredOnce(deliveries, markers, topic, "delivery-1");

        try (RemotingClient wire = new RemotingClient(RemotingClientConfig.defaults())) {
            // The same END_TRANSACTION again, as a retransmitting network or client would send it, then a rollback.
            replayEndTransaction(wire, group, topic, sent, TransactionResolution.COMMIT);
            replayEndTransaction(wire, group, topic, sent, TransactionResolution.COMMIT);
            replayEndTransaction(wire, group, topic, sent, TransactionResolution.ROLLBACK);
        }

        assertDeliveredOnce(deliveries, markers, topic, "delivery-1");
        HalfRecord half = awaitDecided(group, sent);
        assertThat(half.state()).isEqualTo(HalfState.COMMITTED);
        assertThat(half.decisionSource()).isEqualTo(DecisionSource.PRODUCER);
        assertThat(record().decisions(tandem.brokerAddress()))
                .filteredOn(decision -> decision.halfId() == half.id()).hasSize(1);
    }

    // Transactional and delayed.

    @Test
    void shouldDeliverACommittedDelayedTransactionAtItsDeliveryTimeNotBefore() {
        String topic = "reminders";
        Deliveries deliveries = subscribe(topic, "reminder-reader", tandem);
        Producer producer = producer("reminder-service",
                ScriptedTransactions.of(TransactionState.COMMIT, TransactionState.COMMIT), tandem);
        long deliverAtMs = System.currentTimeMillis() + 3_000;

        TransactionSendResult later = producer.sendInTransaction(Message.builder(topic).body("reminder-later")
                .keys("reminder-later").deliverTimeMs(deliverAtMs).build(), null);
        producer.sendInTransaction(message(topic, "reminder-now"), null);

        assertThat(later.state()).isEqualTo(TransactionState.COMMIT);
        assertDeliveredOnce(deliveries, markers, topic, "reminder-now");
        assertDeliveredOnce(deliveries, markers, topic, "reminder-later");
        assertThat(deliveries.firstAtMs("reminder-later")).as("received at, delivery time " + deliverAtMs)
                .isGreaterThanOrEqualTo(deliverAtMs);
        assertThat(deliveries.firstAtMs("reminder-now")).isLessThan(deliverAtMs);
        assertThat(deliveries.first("reminder-later").topic()).isEqualTo(topic);
        assertThat(deliveries.first("reminder-later").messageId()).isEqualTo(later.sendResult().messageId());
        HalfRecord half = awaitDecided("reminder-service", later);
        assertThat(half.state()).isEqualTo(HalfState.COMMITTED);
        assertThat(half.decisionSource()).isEqualTo(DecisionSource.PRODUCER);
    }

    /**
     * Runs a producer of {@code group} in its own JVM, lets it store a half of {@code body} and start its local
     * transaction, and kills it with SIGKILL before it sends END_TRANSACTION.
     *
     * @return the half, pending in the coordinator's record
     */
    private HalfRecord killProducerDuringItsLocalTransaction(String group, String topic, String body) {
        List<String> childOutput = new CopyOnWriteArrayList<>();
        ChildJvm child = ChildJvm.start(StuckProducerMain.class,
                List.of(tandem.nameServer(), group, topic, body), childOutput::add);
        openedByTest.add(child);
        try {
            await().atMost(Duration.ofSeconds(30)).failFast("the producer JVM exited", () -> !child.isAlive())
                    .until(() -> childOutput.contains(StuckProducerMain.LOCAL_TRANSACTION_STARTED + " " + body));
        } catch (ConditionTimeoutException | TerminalFailureException e) {
            throw new AssertionError("the producer JVM did not start its local transaction; its output:\n"
                    + child.tail(), e);
        }

        int exitCode = child.kill();

        assertThat(exitCode).as("exit code of the SIGKILLed producer").isEqualTo(137);
        HalfRecord pending = await().atMost(AT_MOST).until(() -> onlyHalfOf(group), Optional::isPresent).get();
        assertThat(pending.state()).isEqualTo(HalfState.PENDING);
        return pending;
    }

    /** A producer whose local transactions end UNKNOWN and whose checks are answered UNKNOWN {@code unknowns} times. */
    private static ScriptedTransactions unknownThenCommit(int unknowns) {
        AtomicInteger checks = new AtomicInteger();
        return new ScriptedTransactions(message -> TransactionState.UNKNOWN,
                message -> checks.incrementAndGet() <= unknowns ? TransactionState.UNKNOWN : TransactionState.COMMIT);
    }

    private static Message message(String topic, String body) {
        return Message.builder(topic).body(body).keys(body).build();
    }

    private static TransactionRecord record() {
        return tandem.record();
    }

    /** Creates {@code topic} with one queue and starts a push consumer of {@code group} on it from the start. */
    private Deliveries subscribe(String topic, String group, RunningTandem target) {
        createTopic(target, topic);
        Deliveries deliveries = new Deliveries();
        ClientConfig clientConfig = target.clientConfig();
        PushConsumer consumer = PushConsumer.concurrent(clientConfig, PushConsumerConfig.builder(group)
                .consumeFrom(ConsumeFrom.FIRST_OFFSET)
                .rebalanceInterval(Duration.ofSeconds(1))
                .pullRetryDelay(Duration.ofMillis(200))
                .offsetCommitInterval(Duration.ofMillis(500))
                .build(), deliveries);
        openedByTest.add(consumer);
        consumer.subscribe(topic, "*").start();
        await().atMost(AT_MOST).until(() -> consumer.assignedQueues().stream()
                .anyMatch(queue -> queue.topic().equals(topic)));
        return deliveries;
    }

    private static void createTopic(RunningTandem target, String topic) {
        if (target == tandem) {
            admin.createTopic(TopicSettings.of(topic, 1));
            return;
        }
        try (AdminClient other = AdminClient.start(target.clientConfig())) {
            other.createTopic(TopicSettings.of(topic, 1));
        }
    }

    private Producer producer(String group, TransactionListener listener, RunningTandem target) {
        Producer producer = Producer.startTransactional(target.clientConfig(), ProducerConfig.of(group), listener);
        openedByTest.add(producer);
        return producer;
    }

    /**
     * Asserts that a message is delivered exactly once: it arrives, then a marker sent afterwards to the topic's only
     * queue arrives with everything stored ahead of it, and by then the message was delivered once.
     */
    private static void assertDeliveredOnce(Deliveries deliveries, Producer markers, String topic, String body) {
        await().atMost(AT_MOST).until(() -> deliveries.count(body) > 0);
        String marker = "marker-after-" + body + "-" + MARKERS_SENT.incrementAndGet();
        markers.send(message(topic, marker));
        await().atMost(AT_MOST).until(() -> deliveries.deliveredEverythingAheadOf(marker));
        assertThat(deliveries.count(body)).as("deliveries of %s ahead of %s", body, marker).isEqualTo(1);
    }

    /**
     * Asserts that a decided message is not delivered: a marker sent afterwards to the topic's only queue arrives
     * with everything stored ahead of it, and the message was not among them.
     */
    private static void assertNeverDelivered(Deliveries deliveries, Producer markers, String topic, String body) {
        String marker = "marker-after-" + body + "-" + MARKERS_SENT.incrementAndGet();
        markers.send(message(topic, marker));
        await().atMost(AT_MOST).until(() -> deliveries.deliveredEverythingAheadOf(marker));
        assertThat(deliveries.count(body)).as("deliveries of %s ahead of %s", body, marker).isZero();
    }

    private static HalfRecord awaitDecided(String group, TransactionSendResult sent) {
        return awaitDecided(record(), group, sent);
    }

    private static HalfRecord awaitDecided(TransactionRecord record, String group, TransactionSendResult sent) {
        String transactionId = sent.sendResult().messageId();
        return await().atMost(AT_MOST).until(() -> halfOf(record, group, transactionId),
                half -> half.isPresent() && half.get().state().isFinal()).get();
    }

    private static Optional<HalfRecord> halfOf(TransactionRecord record, String group, String transactionId) {
        return record.halvesOfGroup(group).stream()
                .filter(half -> transactionId.equals(half.transactionId()))
                .findFirst();
    }

    /** The group's half in the record, when it has exactly one. */
    private static Optional<HalfRecord> onlyHalfOf(String group) {
        List<HalfRecord> halves = record().halvesOfGroup(group);
        return halves.size() == 1 ? Optional.of(halves.getFirst()) : Optional.empty();
    }

    private static void replayEndTransaction(RemotingClient wire, String group, String topic,
                                             TransactionSendResult sent, TransactionResolution resolution) {
        EndTransactionRequestHeader header = new EndTransactionRequestHeader(group, sent.sendResult().queueOffset(),
                OffsetMessageId.decode(sent.sendResult().offsetMessageId()).commitLogOffset(), resolution, false,
                sent.sendResult().messageId(), sent.sendResult().transactionId(), topic,
                sent.sendResult().queue().brokerName());
        wire.invokeOneway(tandem.brokerAddress(), RemotingCommand.request(RequestCode.END_TRANSACTION)
                .extFields(header.toExtFields()).oneway().build()).join();
    }

    private static void answerCheck(HttpExchange exchange) throws IOException {
        Map<String, String> query = new HashMap<>();
        String rawQuery = exchange.getRequestURI().getRawQuery();
        if (rawQuery != null) {
            for (String pair : rawQuery.split("&")) {
                int equals = pair.indexOf('=');
                query.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
            }
        }
        endpointRequests.add(query);
        String state = endpointAnswers.getOrDefault(query.getOrDefault("keys", ""), "UNKNOWN");
        byte[] body = ("{\"state\":\"" + state + "\"}").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        try (exchange) {
            exchange.getResponseBody().write(body);
        }
    }
}
