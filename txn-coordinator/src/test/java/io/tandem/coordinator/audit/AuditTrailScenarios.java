package io.tandem.coordinator.audit;

import io.tandem.coordinator.record.HalfRecord;
import io.tandem.coordinator.record.HalfState;
import io.tandem.coordinator.record.TransactionRecord;
import io.tandem.coordinator.support.CoordinatorTestApplication;
import io.tandem.coordinator.support.SimulatedProducer;
import io.tandem.coordinator.support.SimulatedProducer.SentHalf;
import io.tandem.coordinator.support.TestBroker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The audit trail of the HTTP ports against a real broker, with logins on, as a kit that runs on every durable
 * database the record supports ({@link H2FileAuditTrailTest}, {@link PostgresAuditTrailTest}): who did what, when,
 * from where and with what outcome, refusals included, and that it is all still there after a restart.
 */
abstract class AuditTrailScenarios {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String HALVES = "/tandem/coordinator/halves";
    private static final String AUDIT = "/tandem/coordinator/audit";
    private static final String VIEWER = basic("vera", "vera-secret");
    private static final String OPERATOR = basic("otto", "otto-secret");

    private final HttpClient http = HttpClient.newHttpClient();
    private final List<AutoCloseable> resources = new ArrayList<>();
    private TestBroker broker;
    private ConfigurableApplicationContext coordinator;
    private int port;

    /** The JDBC URL of a database that outlives the coordinator's context, and its user (or null). */
    abstract String databaseUrl();

    abstract String databaseUser();

    @BeforeEach
    void startBrokerAndCoordinator() {
        broker = TestBroker.start();
        startCoordinator();
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable resource : resources.reversed()) {
            resource.close();
        }
        if (coordinator != null) {
            coordinator.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void shouldRecordWhoForcedACommitWhatWhenFromWhereWithWhatOutcomeAndWhy() throws Exception {
        TransactionRecord record = coordinator.getBean(TransactionRecord.class);
        SimulatedProducer producer = new SimulatedProducer(broker.address(), "pg-operator");
        resources.add(producer);
        String transactionId = "tx-" + UUID.randomUUID();
        SentHalf sent = producer.sendHalf("ledger", transactionId, "entry-7");
        HalfRecord pending = await().atMost(WAIT).until(() -> record.half(broker.address(), sent.halfOffset())
                .orElse(null), half -> half != null);

        long beforeMs = System.currentTimeMillis();
        HttpResponse<String> forced = send(post(HALVES + "/" + pending.id() + "/commit",
                "{\"reason\":\"ledger entry verified by finance\"}"), OPERATOR);
        long afterMs = System.currentTimeMillis();

        assertThat(forced.statusCode()).as(forced.body()).isEqualTo(200);
        await().atMost(WAIT).until(() -> record.half(pending.id()).orElseThrow().state() == HalfState.COMMITTED);
        JsonNode page = readAudit("?actor=otto&action=FORCE_COMMIT");
        assertThat(page.get("total").asLong()).isEqualTo(1);
        JsonNode entry = page.get("entries").get(0);
        assertThat(entry.get("actor").asString()).isEqualTo("otto");
        assertThat(entry.get("action").asString()).isEqualTo("FORCE_COMMIT");
        assertThat(entry.get("target").asString())
                .isEqualTo("half " + pending.id() + " (transaction " + transactionId + ")");
        assertThat(entry.get("atMs").asLong()).isBetween(beforeMs, afterMs);
        assertThat(entry.get("remoteAddress").asString()).isEqualTo("127.0.0.1");
        assertThat(entry.get("outcome").asString()).isEqualTo("SUCCEEDED");
        assertThat(entry.get("status").asInt()).isEqualTo(200);
        assertThat(entry.get("detail").asString()).startsWith("DONE");
        assertThat(entry.get("reason").asString()).isEqualTo("ledger entry verified by finance");
        assertThat(entry.get("httpMethod").asString()).isEqualTo("POST");
        assertThat(entry.get("path").asString()).isEqualTo(HALVES + "/" + pending.id() + "/commit");
        assertThat(entry.get("instanceId").asString()).isEqualTo("audited-coordinator");

        HttpResponse<String> again = send(post(HALVES + "/" + pending.id() + "/rollback",
                "{\"reason\":\"second thoughts\"}"), OPERATOR);
        assertThat(again.statusCode()).isEqualTo(409);
        JsonNode refused = readAudit("?action=FORCE_ROLLBACK").get("entries").get(0);
        assertThat(refused.get("outcome").asString()).isEqualTo("REFUSED");
        assertThat(refused.get("detail").asString()).startsWith("ALREADY_DECIDED");
        assertThat(refused.get("reason").asString()).isEqualTo("second thoughts");
    }

    @Test
    void shouldRefuseAnonymousCallersAndTheWrongRoleAndAuditTheRefusals() throws Exception {
        HttpResponse<String> anonymous = send(post(HALVES + "/5/commit", "{\"reason\":\"trust me\"}"), null);
        HttpResponse<String> wrongPassword = send(post(HALVES + "/5/commit", "{\"reason\":\"trust me\"}"),
                basic("otto", "guessed"));
        HttpResponse<String> viewer = send(post(HALVES + "/6/rollback", "{\"reason\":\"looks wrong\"}"), VIEWER);

        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(wrongPassword.statusCode()).isEqualTo(401);
        assertThat(viewer.statusCode()).isEqualTo(403);
        assertThat(send(get(AUDIT), null).statusCode()).isEqualTo(401);

        JsonNode denied = readAudit("?actor=vera").get("entries");
        assertThat(denied.size()).isEqualTo(1);
        assertThat(denied.get(0).get("action").asString()).isEqualTo("FORCE_ROLLBACK");
        assertThat(denied.get(0).get("target").asString()).isEqualTo("half 6");
        assertThat(denied.get(0).get("outcome").asString()).isEqualTo("REFUSED");
        assertThat(denied.get(0).get("status").asInt()).isEqualTo(403);
        assertThat(denied.get(0).get("detail").asString()).isEqualTo("access denied to roles [viewer]");
        assertThat(denied.get(0).get("remoteAddress").asString()).isEqualTo("127.0.0.1");

        JsonNode unauthenticated = readAudit("?actor=anonymous").get("entries");
        assertThat(unauthenticated.size()).isEqualTo(2);
        assertThat(unauthenticated.valueStream().map(entry -> entry.get("detail").asString()).toList())
                .containsExactly("sign-in failed for 'otto'", "not signed in");
        assertThat(unauthenticated.valueStream().map(entry -> entry.get("status").asInt()).toList())
                .containsExactly(401, 401);
        assertThat(unauthenticated.valueStream().map(entry -> entry.get("action").asString()).toList())
                .containsOnly("FORCE_COMMIT");
        assertThat(readAudit("").toString()).doesNotContain("guessed");
    }

    @Test
    void shouldPageAndFilterAndKeepReadsOut() throws Exception {
        for (int i = 0; i < 5; i++) {
            assertThat(send(post(HALVES + "/" + (900 + i) + "/resume", "{\"reason\":\"retry " + i + "\"}"),
                    OPERATOR).statusCode()).isEqualTo(404);
        }
        send(get(HALVES), VIEWER);

        JsonNode first = readAudit("?size=2");
        JsonNode third = readAudit("?size=2&page=2");
        assertThat(first.get("total").asLong()).isEqualTo(5);
        assertThat(first.get("entries").valueStream().map(entry -> entry.get("target").asString()).toList())
                .containsExactly("half 904", "half 903");
        assertThat(third.get("entries").valueStream().map(entry -> entry.get("target").asString()).toList())
                .containsExactly("half 900");
        String now = URLEncoder.encode(Instant.now().plusSeconds(1).toString(), StandardCharsets.UTF_8);
        assertThat(readAudit("?from=" + now).get("total").asLong()).isZero();
        assertThat(readAudit("?to=" + now + "&action=RESUME").get("total").asLong()).isEqualTo(5);
        HttpResponse<String> badTime = send(get(AUDIT + "?from=yesterday"), VIEWER);
        assertThat(badTime.statusCode()).isEqualTo(400);
        assertThat(badTime.body()).contains("from must be an ISO-8601 instant");
    }

    @Test
    void shouldKeepTheTrailAcrossARestart() throws Exception {
        assertThat(send(post(HALVES + "/77/commit", "{\"reason\":\"before the restart\"}"), OPERATOR).statusCode())
                .isEqualTo(404);
        assertThat(send(post(HALVES + "/78/commit", "{\"reason\":\"not mine\"}"), VIEWER).statusCode())
                .isEqualTo(403);

        coordinator.close();
        startCoordinator();

        JsonNode entries = readAudit("").get("entries");
        assertThat(entries.valueStream().map(entry -> entry.get("actor").asString() + " "
                + entry.get("action").asString() + " " + entry.get("target").asString() + " "
                + entry.get("outcome").asString()).toList())
                .containsExactly("vera FORCE_COMMIT half 78 REFUSED", "otto FORCE_COMMIT half 77 REFUSED");
        assertThat(entries.get(1).get("reason").asString()).isEqualTo("before the restart");
    }

    private void startCoordinator() {
        List<String> properties = new ArrayList<>(List.of(
                "server.address=127.0.0.1",
                "server.port=0",
                "spring.datasource.url=" + databaseUrl(),
                "tandem.coordinator.brokers=" + broker.address(),
                "tandem.coordinator.instance-id=audited-coordinator",
                "tandem.coordinator.poll-interval=100ms",
                "tandem.coordinator.broker-timeout=500ms",
                "tandem.coordinator.producers.pg-operator.max-checks=1000",
                "tandem.security.users[0].name=vera",
                "tandem.security.users[0].password={noop}vera-secret",
                "tandem.security.users[0].roles=viewer",
                "tandem.security.users[1].name=otto",
                "tandem.security.users[1].password={noop}otto-secret",
                "tandem.security.users[1].roles=operator"));
        if (databaseUser() != null) {
            properties.add("spring.datasource.username=" + databaseUser());
        }
        coordinator = new SpringApplicationBuilder(CoordinatorTestApplication.class)
                .properties(properties.toArray(String[]::new))
                .run();
        port = Integer.parseInt(coordinator.getEnvironment().getRequiredProperty("local.server.port"));
    }

    private JsonNode readAudit(String query) throws Exception {
        HttpResponse<String> response = send(get(AUDIT + query), VIEWER);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private HttpRequest.Builder get(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET();
    }

    private HttpRequest.Builder post(String path, String json) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
    }

    private HttpResponse<String> send(HttpRequest.Builder request, String authorization) throws Exception {
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
