package io.tandem.app;

import io.tandem.coordinator.check.CheckDuty;
import io.tandem.protocol.header.TransactionResolution;
import io.tandem.protocol.message.MessageRecord;
import io.tandem.server.config.BrokerConfig;
import io.tandem.server.boot.BrokerLifecycle;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@SpringBootTest(useMainMethod = SpringBootTest.UseMainMethod.ALWAYS,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "management.server.port=0",
        "tandem.broker.name-server-port=0",
        "tandem.broker.broker-port=0",
        "tandem.broker.store.segment-size=16MB",
        "tandem.broker.check-back.transaction-timeout=500ms",
        "tandem.coordinator.poll-interval=100ms",
        "tandem.coordinator.broker-timeout=1s",
        "tandem.coordinator.backoff.initial=200ms",
        "tandem.coordinator.backoff.max=1s"})
@DirtiesContext
class TandemApplicationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Duration AT_MOST = Duration.ofSeconds(15);

    @TempDir
    static Path dataDirectory;

    @DynamicPropertySource
    static void dataDirectory(DynamicPropertyRegistry registry) {
        registry.add("tandem.broker.data-directory", () -> dataDirectory.toString());
    }

    @LocalServerPort
    int apiPort;

    @LocalManagementPort
    int managementPort;

    @Autowired
    BrokerLifecycle broker;

    @Autowired
    ConfigurableListableBeanFactory beanFactory;

    @AfterAll
    static void closeHttpClient() {
        HTTP.close();
    }

    @Test
    void shouldReportTheBrokerTheCoordinatorAndItsRecordUpOnTheManagementPort() throws Exception {
        String brokerAddress = brokerAddress();

        HttpResponse<String> response = get(managementPort, "/actuator/health");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode health = JSON.readTree(response.body());
        assertThat(health.path("status").asString()).isEqualTo("UP");
        JsonNode components = health.path("components");
        assertThat(components.path("broker").path("status").asString()).isEqualTo("UP");
        assertThat(components.path("broker").path("details").path("brokerAddress").asString())
                .isEqualTo(brokerAddress);
        assertThat(components.path("coordinator").path("status").asString()).isEqualTo("UP");
        assertThat(components.path("coordinator").path("details").path("brokers").get(0).asString())
                .isEqualTo(brokerAddress);
        assertThat(components.path("db").path("status").asString()).isEqualTo("UP");
        assertThat(components.path("db").path("details").path("database").asString()).isEqualTo("H2");
    }

    @Test
    void shouldPublishBrokerAndCoordinatorMetersOnThePrometheusEndpoint() throws Exception {
        HttpResponse<String> scrape = get(managementPort, "/actuator/prometheus");

        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(scrape.body().lines())
                .anyMatch(line -> line.startsWith("tandem_connections "))
                .anyMatch(line -> line.startsWith("tandem_coordinator_halves_pending "));
    }

    @Test
    void shouldListenForHttpOnTheLoopbackInterfaceOnly() throws IOException {
        assertThat(ListeningSockets.localAddresses(apiPort)).as("console and operator API on %d", apiPort)
                .isNotEmpty().allMatch(ListeningSockets::isLoopback);
        assertThat(ListeningSockets.localAddresses(managementPort)).as("management on %d", managementPort)
                .isNotEmpty().allMatch(ListeningSockets::isLoopback);
    }

    @Test
    void shouldLeaveCheckBackToTheCoordinatorAndKeepItsRecordUnderTheDataDirectory() {
        BrokerConfig config = broker.config();

        assertThat(config.builtInCheckBack()).isFalse();
        assertThat(config.checkBack().timeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(dataDirectory.resolve("store")).isDirectory();
        assertThat(dataDirectory.resolve("coordinator").resolve("record.mv.db")).isRegularFile();
    }

    @Test
    void shouldStartTheBrokerBeforeTheCoordinatorsDutyAndStopItAfterTheDuty() {
        String[] duties = beanFactory.getBeanNamesForType(CheckDuty.class);

        assertThat(duties).isNotEmpty();
        for (String duty : duties) {
            assertThat(beanFactory.getDependenciesForBean(duty)).as("lifecycle dependencies of %s", duty)
                    .contains(EmbeddedBrokerConfiguration.BROKER_LIFECYCLE);
        }
    }

    @Test
    void shouldCommitAHalfWhenItsProducerAnswersTheCoordinatorsCheck() throws Exception {
        try (WireProducer producer = new WireProducer(brokerAddress(), "order-service")
                .online(TransactionResolution.COMMIT)) {
            producer.sendHalf("orders", "TX-CHECKED", Map.of());

            List<MessageRecord> delivered = await().atMost(AT_MOST)
                    .until(() -> producer.visibleMessages("orders", "order-reader"), messages -> !messages.isEmpty());

            assertThat(delivered).extracting(MessageRecord::uniqueKey).containsExactly("TX-CHECKED");
            assertThat(producer.checkedTransactions()).containsExactly("TX-CHECKED");
            await().atMost(AT_MOST).untilAsserted(() -> {
                JsonNode halves = getJson(apiPort, "/tandem/coordinator/halves?state=ALL&producerGroup=order-service");
                assertThat(halves.size()).isEqualTo(1);
                JsonNode half = halves.get(0);
                assertThat(half.path("transactionId").asString()).isEqualTo("TX-CHECKED");
                assertThat(half.path("state").asString()).isEqualTo("COMMITTED");
                assertThat(half.path("decisionSource").asString()).isEqualTo("CHECK");
                assertThat(half.path("checks").asInt()).isEqualTo(1);
            });
        }
    }

    @Test
    void shouldListAPendingHalfAndCommitItWhenAnOperatorForcesIt() throws Exception {
        try (WireProducer producer = new WireProducer(brokerAddress(), "ledger-service")) {
            producer.sendHalf("ledger", "TX-STUCK", Map.of("CHECK_IMMUNITY_TIME_IN_SECONDS", "60"));

            JsonNode pending = await().atMost(AT_MOST).until(
                    () -> getJson(apiPort, "/tandem/coordinator/halves?producerGroup=ledger-service"),
                    halves -> halves.size() == 1);
            JsonNode half = pending.get(0);
            assertThat(half.path("transactionId").asString()).isEqualTo("TX-STUCK");
            assertThat(half.path("state").asString()).isEqualTo("PENDING");
            assertThat(half.path("checks").asInt()).isZero();
            String path = "/tandem/coordinator/halves/" + half.path("id").asLong();

            HttpResponse<String> withoutReason = post(path + "/commit", "{\"operator\":\"alice\"}");
            assertThat(withoutReason.statusCode()).isEqualTo(400);
            assertThat(producer.visibleMessages("ledger", "ledger-reader")).isEmpty();

            HttpResponse<String> forced = post(path + "/commit",
                    "{\"operator\":\"alice\",\"reason\":\"verified in the ledger\"}");

            assertThat(forced.statusCode()).as(forced.body()).isEqualTo(200);
            assertThat(JSON.readTree(forced.body()).path("outcome").asString()).isEqualTo("DONE");
            List<MessageRecord> delivered = await().atMost(AT_MOST)
                    .until(() -> producer.visibleMessages("ledger", "ledger-reader"), messages -> !messages.isEmpty());
            assertThat(delivered).extracting(MessageRecord::uniqueKey).containsExactly("TX-STUCK");
            await().atMost(AT_MOST).untilAsserted(() -> {
                JsonNode detail = getJson(apiPort, path);
                assertThat(detail.path("half").path("state").asString()).isEqualTo("COMMITTED");
                assertThat(detail.path("half").path("decisionSource").asString()).isEqualTo("OPERATOR");
                assertThat(detail.path("decision").path("actor").asString()).isEqualTo("alice");
                assertThat(detail.path("decision").path("reason").asString()).isEqualTo("verified in the ledger");
            });
        }
    }

    private String brokerAddress() {
        return broker.broker().orElseThrow().brokerAddress();
    }

    private static JsonNode getJson(int port, String path) throws IOException, InterruptedException {
        HttpResponse<String> response = get(port, path);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + apiPort + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
