package io.tandem.coordinator;

import io.micrometer.core.instrument.MeterRegistry;
import io.tandem.coordinator.broker.BrokerAdminClient;
import io.tandem.coordinator.metrics.CoordinatorMetrics;
import io.tandem.coordinator.record.ActionKind;
import io.tandem.coordinator.record.ActionOutcome;
import io.tandem.coordinator.record.ActionRecord;
import io.tandem.coordinator.record.CheckAnswer;
import io.tandem.coordinator.record.CheckAttempt;
import io.tandem.coordinator.record.CheckChannel;
import io.tandem.coordinator.record.DecisionRecord;
import io.tandem.coordinator.record.HalfRecord;
import io.tandem.coordinator.record.HalfState;
import io.tandem.coordinator.record.TransactionRecord;
import io.tandem.coordinator.support.CheckEndpoint;
import io.tandem.coordinator.support.CoordinatorTestApplication;
import io.tandem.coordinator.support.SimulatedProducer;
import io.tandem.coordinator.support.SimulatedProducer.SentHalf;
import io.tandem.coordinator.support.TestBroker;
import io.tandem.protocol.body.HalfDecisionList;
import io.tandem.protocol.header.TransactionResolution;
import io.tandem.protocol.txn.Decision;
import io.tandem.protocol.txn.DecisionSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/**
 * The coordinator's behaviour against a real broker, as a kit that runs on every database the record supports
 * (see {@link H2CoordinatorTest} and {@link PostgresCoordinatorTest}). Producers are simulated on the wire; the HTTP
 * check endpoint is a small JDK HTTP server. Each test uses its own producer group or topic, whose settings are
 * in the properties below.
 */
@SpringBootTest(classes = CoordinatorTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "tandem.coordinator.instance-id=coordinator-under-test",
                "server.address=127.0.0.1",
                "tandem.security.enabled=false",
                "tandem.coordinator.poll-interval=100ms",
                "tandem.coordinator.broker-timeout=500ms",
                "tandem.coordinator.lease-period=4s",
                "tandem.coordinator.backoff.initial=150ms",
                "tandem.coordinator.backoff.max=300ms",
                "tandem.coordinator.max-checks=3",
                "tandem.coordinator.http.timeout=500ms",
                "tandem.coordinator.producers.pg-unknown.max-checks=6",
                "tandem.coordinator.producers.pg-policy-commit.end-of-checks=COMMIT",
                "tandem.coordinator.topics.parked-orders.end-of-checks=PARK",
                "tandem.coordinator.producers.pg-operator.max-checks=1000",
                "tandem.coordinator.producers.pg-discovery.service-id=producer-service",
                "tandem.coordinator.producers.pg-discovery.check-path=/discovered/check",
        })
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
abstract class CoordinatorScenarios {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    static TestBroker broker;
    static CheckEndpoint endpoint;

    @Autowired
    TransactionRecord record;
    @Autowired
    BrokerAdminClient admin;
    @Autowired
    MeterRegistry meters;
    @Autowired
    CoordinatorTestApplication.ParkedEvents parkedEvents;
    @Value("${local.server.port}")
    int port;

    private final List<SimulatedProducer> producers = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();

    @DynamicPropertySource
    static void brokerAndEndpoint(DynamicPropertyRegistry registry) {
        broker = TestBroker.start();
        endpoint = new CheckEndpoint();
        registry.add("tandem.coordinator.brokers", broker::address);
        registry.add("tandem.coordinator.producers.pg-http.check-url", () -> endpoint.baseUrl() + "/check");
        registry.add("spring.cloud.discovery.client.simple.instances.producer-service[0].uri", endpoint::baseUrl);
    }

    @AfterAll
    static void stopBrokerAndEndpoint() {
        if (endpoint != null) {
            endpoint.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @AfterEach
    void closeProducers() {
        producers.forEach(SimulatedProducer::close);
        http.close();
    }

    @Test
    void shouldCommitWhenTheProducerAnswersCommitThroughTheBroker() {
        SimulatedProducer producer = producer("pg-commit").online()
                .answering((transactionId, check) -> TransactionResolution.COMMIT);
        SentHalf sent = producer.sendHalf("orders", transactionId(), "order-1");

        HalfRecord half = awaitState(sent, HalfState.COMMITTED);

        assertThat(half.decisionSource()).isEqualTo(DecisionSource.CHECK);
        assertThat(producer.checksReceived(sent.transactionId())).isEqualTo(1);
        assertThat(record.attempts(half.id())).extracting(CheckAttempt::channel, CheckAttempt::answer)
                .containsExactly(tuple(CheckChannel.BROKER, CheckAnswer.COMMIT));
        assertThat(record.attempts(half.id()).getFirst().latencyMs()).isNotNull().isGreaterThanOrEqualTo(0);
        assertThat(half.storedAtMs() + TestBroker.TRANSACTION_TIMEOUT.toMillis())
                .as("not checked before the broker's transaction timeout")
                .isLessThanOrEqualTo(record.attempts(half.id()).getFirst().attemptedAtMs());
        assertDecision(half, Decision.COMMIT, DecisionSource.CHECK);
        assertThat(meters.get(CoordinatorMetrics.CHECKS).tag("channel", "BROKER").tag("answer", "COMMIT")
                .counter().count()).isGreaterThanOrEqualTo(1);
        assertThat(meters.get(CoordinatorMetrics.DECISIONS).tag("source", "CHECK").counter().count())
                .isGreaterThanOrEqualTo(1);
        assertThat(meters.get(CoordinatorMetrics.CHECK_LATENCY).tag("channel", "BROKER").timer().count())
                .isGreaterThanOrEqualTo(1);
        assertRecordMatchesBroker();
    }

    @Test
    void shouldRollBackWhenTheProducerAnswersRollback() {
        SimulatedProducer producer = producer("pg-rollback").online()
                .answering((transactionId, check) -> TransactionResolution.ROLLBACK);
        SentHalf sent = producer.sendHalf("orders", transactionId(), null);

        HalfRecord half = awaitState(sent, HalfState.ROLLED_BACK);

        assertDecision(half, Decision.ROLLBACK, DecisionSource.CHECK);
        assertThat(record.attempts(half.id())).extracting(CheckAttempt::answer).containsExactly(CheckAnswer.ROLLBACK);
        assertRecordMatchesBroker();
    }

    @Test
    void shouldCheckAgainWhileTheProducerAnswersUnknownAndCommitWhenItKnows() {
        SimulatedProducer producer = producer("pg-unknown").online()
                .answering((transactionId, check) -> check < 3
                        ? TransactionResolution.UNKNOWN : TransactionResolution.COMMIT);
        SentHalf sent = producer.sendHalf("orders", transactionId(), "slow-1");

        HalfRecord half = awaitState(sent, HalfState.COMMITTED);

        assertThat(producer.checksReceived(sent.transactionId())).isEqualTo(3);
        List<CheckAttempt> attempts = record.attempts(half.id());
        assertThat(attempts).extracting(CheckAttempt::checkNumber, CheckAttempt::answer).containsExactly(
                tuple(1, CheckAnswer.UNKNOWN), tuple(2, CheckAnswer.UNKNOWN), tuple(3, CheckAnswer.COMMIT));
        assertThat(attempts.get(1).attemptedAtMs() - attempts.get(0).attemptedAtMs())
                .as("the second check waits for the back-off").isGreaterThanOrEqualTo(150);
        assertDecision(half, Decision.COMMIT, DecisionSource.CHECK);
        assertRecordMatchesBroker();
    }

    @Test
    void shouldAskTheHttpCheckEndpointWhenNoProducerIsConnected() {
        String transactionId = transactionId();
        endpoint.answering(query -> transactionId.equals(query.get("transactionId"))
                ? CheckEndpoint.Reply.state("COMMIT") : CheckEndpoint.Reply.state("UNKNOWN"));
        SentHalf sent = producer("pg-http").sendHalf("payments", transactionId, "pay-7");

        HalfRecord half = awaitState(sent, HalfState.COMMITTED);

        assertThat(endpoint.requestsFor(transactionId)).singleElement().satisfies(query -> assertThat(query)
                .containsEntry("path", "/check")
                .containsEntry("topic", "payments")
                .containsEntry("keys", "pay-7")
                .containsEntry("producerGroup", "pg-http"));
        assertThat(record.attempts(half.id())).extracting(CheckAttempt::channel, CheckAttempt::answer)
                .containsExactly(tuple(CheckChannel.BROKER, CheckAnswer.NO_PRODUCER),
                        tuple(CheckChannel.HTTP, CheckAnswer.COMMIT));
        DecisionRecord decision = assertDecision(half, Decision.COMMIT, DecisionSource.CHECK);
        assertThat(decision.actor()).startsWith("http " + endpoint.baseUrl() + "/check?");
        assertThat(meters.get(CoordinatorMetrics.CHECKS).tag("channel", "HTTP").tag("answer", "COMMIT")
                .counter().count()).isGreaterThanOrEqualTo(1);
        assertRecordMatchesBroker();
    }

    @Test
    void shouldFindTheCheckEndpointThroughDiscovery() {
        String transactionId = transactionId();
        endpoint.answering(query -> transactionId.equals(query.get("transactionId"))
                ? CheckEndpoint.Reply.state("ROLLBACK") : CheckEndpoint.Reply.state("UNKNOWN"));
        SentHalf sent = producer("pg-discovery").sendHalf("payments", transactionId, null);

        HalfRecord half = awaitState(sent, HalfState.ROLLED_BACK);

        assertThat(endpoint.requestsFor(transactionId)).singleElement().satisfies(query -> assertThat(query)
                .containsEntry("path", "/discovered/check")
                .doesNotContainKey("keys"));
        assertDecision(half, Decision.ROLLBACK, DecisionSource.CHECK);
        assertRecordMatchesBroker();
    }

    @Test
    void shouldRollBackByPolicyWhenTheChecksRunOut() {
        SentHalf sent = producer("pg-silent").sendHalf("orders", transactionId(), null);

        HalfRecord half = awaitState(sent, HalfState.ROLLED_BACK);

        assertThat(record.attempts(half.id())).extracting(CheckAttempt::answer)
                .containsExactly(CheckAnswer.NO_PRODUCER, CheckAnswer.NO_PRODUCER, CheckAnswer.NO_PRODUCER);
        DecisionRecord decision = assertDecision(half, Decision.ROLLBACK, DecisionSource.POLICY);
        assertThat(decision.actor()).isEqualTo("coordinator-under-test");
        assertThat(decision.reason()).contains("after 3 checks");
        assertRecordMatchesBroker();
    }

    @Test
    void shouldCommitByTheGroupsPolicyWhenTheChecksRunOut() {
        SentHalf sent = producer("pg-policy-commit").sendHalf("orders", transactionId(), null);

        HalfRecord half = awaitState(sent, HalfState.COMMITTED);

        assertThat(record.attempts(half.id())).hasSize(3);
        assertDecision(half, Decision.COMMIT, DecisionSource.POLICY);
        assertRecordMatchesBroker();
    }

    @Test
    void shouldParkByTheTopicsPolicyThenLetAnOperatorResumeAndForceACommit() throws Exception {
        int eventsBefore = parkedEvents.events().size();
        double alertsBefore = alerts();
        SentHalf sent = producer("pg-park").sendHalf("parked-orders", transactionId(), "stuck-1");

        HalfRecord parked = awaitState(sent, HalfState.PARKED);
        assertThat(parked.checks()).isEqualTo(3);
        assertThat(parkedEvents.events()).hasSize(eventsBefore + 1)
                .last().satisfies(event -> assertThat(event.halfOffset()).isEqualTo(sent.halfOffset()));
        assertThat(alerts()).isEqualTo(alertsBefore + 1);
        await().atMost(WAIT).untilAsserted(() -> assertThat(meters.get(CoordinatorMetrics.PARKED).gauge().value())
                .isGreaterThanOrEqualTo(1));
        assertThat(admin.undecided(broker.address(), sent.halfOffset())).get()
                .satisfies(half -> assertThat(half.parked()).as("parked on the broker too").isTrue());

        HttpResponse<String> resumed = post(parked.id(), "resume", "{\"operator\":\"bob\",\"reason\":\"fixed\"}");
        assertThat(resumed.statusCode()).as(resumed.body()).isEqualTo(200);
        await().atMost(WAIT).until(() -> record.attempts(parked.id()).size() == 6
                && record.half(parked.id()).orElseThrow().state() == HalfState.PARKED);
        assertThat(parkedEvents.events()).hasSize(eventsBefore + 2);

        HttpResponse<String> committed = post(parked.id(), "commit",
                "{\"operator\":\"carol\",\"reason\":\"producer confirmed by phone\"}");
        assertThat(committed.statusCode()).as(committed.body()).isEqualTo(200);
        HalfRecord half = awaitState(sent, HalfState.COMMITTED);
        DecisionRecord decision = assertDecision(half, Decision.COMMIT, DecisionSource.OPERATOR);
        assertThat(decision.actor()).isEqualTo("carol");
        assertThat(decision.reason()).isEqualTo("producer confirmed by phone");
        assertThat(record.actions(half.id())).extracting(ActionRecord::kind, ActionRecord::actor, ActionRecord::outcome)
                .containsExactly(tuple(ActionKind.PARK, "coordinator-under-test", ActionOutcome.DONE),
                        tuple(ActionKind.RESUME, "bob", ActionOutcome.DONE),
                        tuple(ActionKind.PARK, "coordinator-under-test", ActionOutcome.DONE),
                        tuple(ActionKind.RESOLVE, "carol", ActionOutcome.DECIDED));
        assertRecordMatchesBroker();
    }

    @Test
    void shouldListPendingHalvesAndRecordWhoForcedACommitAndWhy() throws Exception {
        SentHalf sent = producer("pg-operator").sendHalf("ledger", transactionId(), "entry-42");
        HalfRecord pending = await().atMost(WAIT).until(() -> record.half(broker.address(), sent.halfOffset())
                .filter(half -> half.checks() >= 1).orElse(null), half -> half != null);

        HttpResponse<String> listed = get("?producerGroup=pg-operator");
        assertThat(listed.statusCode()).isEqualTo(200);
        JsonNode view = JSON.readTree(listed.body()).get(0);
        assertThat(view.get("id").asLong()).isEqualTo(pending.id());
        assertThat(view.get("state").asString()).isEqualTo("PENDING");
        assertThat(view.get("topic").asString()).isEqualTo("ledger");
        assertThat(view.get("keys").asString()).isEqualTo("entry-42");
        assertThat(view.get("producerGroup").asString()).isEqualTo("pg-operator");
        assertThat(view.get("checks").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(view.get("lastAnswer").asString()).isEqualTo("NO_PRODUCER");
        assertThat(view.get("ageMs").asLong()).isGreaterThanOrEqualTo(TestBroker.TRANSACTION_TIMEOUT.toMillis());
        String transactionId = view.get("transactionId").asString();
        JsonNode byId = JSON.readTree(get("?state=ALL&topic=&transactionId=" + transactionId).body());
        assertThat(byId.size()).isEqualTo(1);
        assertThat(byId.get(0).get("id").asLong()).isEqualTo(pending.id());
        assertThat(JSON.readTree(get("?state=ALL&transactionId=" + transactionId + "0").body()).size()).isZero();
        JsonNode statistics = JSON.readTree(get("/statistics").body());
        assertThat(statistics.get("pending").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(statistics.get("parked").asLong()).isNotNegative();
        assertThat(statistics.get("oldestUndecidedMs").asLong()).isPositive();

        HttpResponse<String> withoutReason = post(pending.id(), "commit", "{\"operator\":\"alice\"}");
        assertThat(withoutReason.statusCode()).isEqualTo(400);
        assertThat(record.half(pending.id()).orElseThrow().state()).isEqualTo(HalfState.PENDING);

        HttpResponse<String> forced = post(pending.id(), "commit",
                "{\"operator\":\"alice\",\"reason\":\"ledger entry verified\"}");
        assertThat(forced.statusCode()).as(forced.body()).isEqualTo(200);
        HalfRecord half = awaitState(sent, HalfState.COMMITTED);
        DecisionRecord decision = assertDecision(half, Decision.COMMIT, DecisionSource.OPERATOR);
        assertThat(decision.actor()).isEqualTo("alice");
        assertThat(decision.reason()).isEqualTo("ledger entry verified");
        assertThat(record.actions(half.id())).singleElement().satisfies(action -> {
            assertThat(action.kind()).isEqualTo(ActionKind.RESOLVE);
            assertThat(action.requestedAtMs()).isPositive();
            assertThat(action.instanceId()).isEqualTo("coordinator-under-test");
        });

        HttpResponse<String> again = post(pending.id(), "rollback", "{\"operator\":\"mallory\",\"reason\":\"oops\"}");
        assertThat(again.statusCode()).isEqualTo(409);
        JsonNode detail = JSON.readTree(get("/" + pending.id()).body());
        assertThat(detail.get("decision").get("actor").asString()).isEqualTo("alice");
        assertThat(detail.get("attempts").size()).isGreaterThanOrEqualTo(1);
        assertRecordMatchesBroker();
    }

    @Test
    void shouldRecordADecisionTheProducerSentItself() {
        SimulatedProducer producer = producer("pg-self");
        SentHalf sent = producer.sendHalf("orders", transactionId(), null);
        producer.end(sent, TransactionResolution.COMMIT);

        HalfRecord half = awaitState(sent, HalfState.COMMITTED);

        assertThat(record.attempts(half.id())).as("a decided half is never checked").isEmpty();
        DecisionRecord decision = assertDecision(half, Decision.COMMIT, DecisionSource.PRODUCER);
        assertThat(decision.actor()).isEqualTo("pg-self");
        assertRecordMatchesBroker();
    }

    @Test
    void shouldShowTheCheckAnswerThatDecidedAHalfAsItsLastAnswer() throws Exception {
        SentHalf committed = producer("pg-answer-commit").online()
                .answering((transactionId, check) -> TransactionResolution.COMMIT)
                .sendHalf("answers", transactionId(), null);
        SentHalf rolledBack = producer("pg-answer-rollback").online()
                .answering((transactionId, check) -> TransactionResolution.ROLLBACK)
                .sendHalf("answers", transactionId(), null);

        for (SentHalf sent : List.of(committed, rolledBack)) {
            boolean commit = sent == committed;
            HalfRecord half = awaitState(sent, commit ? HalfState.COMMITTED : HalfState.ROLLED_BACK);
            String answer = commit ? "COMMIT" : "ROLLBACK";

            JsonNode detail = JSON.readTree(get("/" + half.id()).body());
            assertThat(detail.get("attempts")).singleElement()
                    .satisfies(attempt -> assertThat(attempt.get("answer").asString()).isEqualTo(answer));
            assertThat(detail.get("half").get("lastAnswer").asString()).isEqualTo(answer);
            JsonNode listed = JSON.readTree(get("?state=ALL&producerGroup=" + half.producerGroup()).body());
            assertThat(listed).singleElement()
                    .satisfies(view -> assertThat(view.get("lastAnswer").asString()).isEqualTo(answer));
        }
    }

    @Test
    void shouldListEveryHalfOfATopicWithItsAgeWhenTheCoordinatorSawOnlyTheProducersDecisions() throws Exception {
        SimulatedProducer producer = producer("pg-decided-at-once");
        List<SentHalf> sent = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            SentHalf half = producer.sendHalf("settled-orders", transactionId(), "settled-" + i);
            producer.end(half, i % 2 == 0 ? TransactionResolution.COMMIT : TransactionResolution.ROLLBACK);
            sent.add(half);
        }
        List<HalfRecord> halves = new ArrayList<>();
        for (int i = 0; i < sent.size(); i++) {
            halves.add(awaitState(sent.get(i), i % 2 == 0 ? HalfState.COMMITTED : HalfState.ROLLED_BACK));
        }
        assertThat(halves).as("halves the coordinator never listed as undecided")
                .anySatisfy(half -> assertThat(half.checkAfterMs()).isNull());

        HttpResponse<String> listed = get("?state=ALL&topic=settled-orders&limit=1000");
        assertThat(listed.statusCode()).isEqualTo(200);
        Map<Long, JsonNode> views = new HashMap<>();
        JSON.readTree(listed.body()).forEach(view -> views.put(view.get("id").asLong(), view));
        assertThat(views.keySet()).containsExactlyInAnyOrderElementsOf(halves.stream().map(HalfRecord::id).toList());
        for (int i = 0; i < sent.size(); i++) {
            JsonNode view = views.get(halves.get(i).id());
            long decidedAtMs = JSON.readTree(get("/" + halves.get(i).id()).body()).get("decision").get("decidedAtMs")
                    .asLong();
            assertThat(view.get("topic").asString()).isEqualTo("settled-orders");
            assertThat(view.get("keys").asString()).isEqualTo("settled-" + i);
            assertThat(view.get("ageMs").asLong()).as("age of half %d: stored to decided", i)
                    .isEqualTo(decidedAtMs - producer.storedAtMs(sent.get(i)));
        }
    }

    private SimulatedProducer producer(String group) {
        SimulatedProducer producer = new SimulatedProducer(broker.address(), group);
        producers.add(producer);
        return producer;
    }

    private HalfRecord awaitState(SentHalf sent, HalfState state) {
        return await().atMost(WAIT).until(() -> record.half(broker.address(), sent.halfOffset()).orElse(null),
                half -> half != null && half.state() == state);
    }

    private DecisionRecord assertDecision(HalfRecord half, Decision decision, DecisionSource source) {
        DecisionRecord recorded = await().atMost(WAIT).until(() -> record.decision(half.id()).orElse(null),
                found -> found != null);
        assertThat(recorded.decision()).isEqualTo(decision);
        assertThat(recorded.source()).isEqualTo(source);
        assertThat(half.decision()).isEqualTo(decision);
        return recorded;
    }

    /** Every decision the broker recorded is in the record, once, with the same half, decision and source. */
    private void assertRecordMatchesBroker() {
        await().atMost(WAIT).untilAsserted(() -> {
            HalfDecisionList onBroker = admin.decisions(broker.address(), 0, 10_000);
            assertThat(record.decisions(broker.address()))
                    .extracting(DecisionRecord::opOffset, DecisionRecord::halfOffset,
                            DecisionRecord::decision, DecisionRecord::source)
                    .containsExactlyElementsOf(onBroker.decisions().stream()
                            .map(decision -> tuple(decision.opOffset(), decision.halfOffset(), decision.decision(),
                                    decision.source()))
                            .toList());
        });
    }

    private double alerts() {
        var counter = meters.find(CoordinatorMetrics.ALERTS).tag("kind", "parked").counter();
        return counter == null ? 0 : counter.count();
    }

    private HttpResponse<String> post(long id, String action, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(api("/" + id + "/" + action))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String suffix) throws Exception {
        return http.send(HttpRequest.newBuilder(api(suffix)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI api(String suffix) {
        return URI.create("http://127.0.0.1:" + port + "/tandem/coordinator/halves" + suffix);
    }

    private static String transactionId() {
        return "TX-" + UUID.randomUUID();
    }

}
