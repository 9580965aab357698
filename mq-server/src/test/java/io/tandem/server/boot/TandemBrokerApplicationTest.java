package io.tandem.server.boot;

import io.tandem.server.Broker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT, properties = {
        TandemBrokerApplication.CONFIG_NAMES,
        "tandem.broker.name-server-port=0",
        "tandem.broker.broker-port=0",
        "tandem.broker.store.segment-size=16MB",
        "management.server.port=0"})
@DirtiesContext
class TandemBrokerApplicationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    static Path dataDirectory;

    @DynamicPropertySource
    static void dataDirectory(DynamicPropertyRegistry registry) {
        registry.add("tandem.broker.data-directory", () -> dataDirectory.toString());
    }

    @LocalManagementPort
    int managementPort;

    @Autowired
    BrokerLifecycle lifecycle;

    @AfterAll
    static void closeHttpClient() {
        HTTP.close();
    }

    @Test
    void shouldStartTheBrokerWithTheApplication() {
        assertThat(lifecycle.isRunning()).isTrue();
        Broker broker = lifecycle.broker().orElseThrow();
        assertThat(broker.nameServerAddress()).startsWith("127.0.0.1:").doesNotEndWith(":9876");
        assertThat(dataDirectory.resolve("store")).isDirectory();
    }

    @Test
    void shouldListenForManagementOnTheLoopbackInterfaceOnly() throws Exception {
        InetAddress external = NetworkInterface.networkInterfaces()
                .filter(network -> {
                    try {
                        return network.isUp() && !network.isLoopback();
                    } catch (SocketException e) {
                        return false;
                    }
                })
                .flatMap(NetworkInterface::inetAddresses)
                .filter(address -> address instanceof Inet4Address && !address.isLoopbackAddress())
                .findFirst().orElse(null);
        assumeTrue(external != null, "this host has no non-loopback IPv4 address to try");

        try (Socket socket = new Socket()) {
            assertThatThrownBy(() -> socket.connect(new InetSocketAddress(external, managementPort), 2_000))
                    .as("management port %d on %s", managementPort, external)
                    .isInstanceOf(ConnectException.class);
        }
        assertThat(get("/actuator/health").statusCode()).isEqualTo(200);
    }

    @Test
    void shouldReportTheBrokerUpWithItsAddressesOnTheHealthEndpoint() throws Exception {
        Broker broker = lifecycle.broker().orElseThrow();

        HttpResponse<String> response = get("/actuator/health");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode health = JSON.readTree(response.body());
        assertThat(health.path("status").asString()).isEqualTo("UP");
        JsonNode brokerHealth = health.path("components").path("broker");
        assertThat(brokerHealth.path("status").asString()).isEqualTo("UP");
        assertThat(brokerHealth.path("details").path("nameServerAddress").asString())
                .isEqualTo(broker.nameServerAddress());
        assertThat(brokerHealth.path("details").path("brokerAddress").asString())
                .isEqualTo(broker.brokerAddress());
        assertThat(brokerHealth.path("details").path("cluster").asString()).isEqualTo("DefaultCluster");
    }

    @Test
    void shouldPublishBrokerMetersOnThePrometheusEndpoint() throws Exception {
        Broker broker = lifecycle.broker().orElseThrow();
        String[] hostPort = broker.brokerAddress().split(":");

        try (Socket client = new Socket()) {
            client.connect(new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1])), 3000);

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                HttpResponse<String> scrape = get("/actuator/prometheus");
                assertThat(scrape.statusCode()).isEqualTo(200);
                assertThat(scrape.body().lines())
                        .contains("tandem_connections 1.0", "tandem_store_disk_refusing 0.0")
                        .anyMatch(line -> line.startsWith("tandem_pulls_parked "))
                        .anyMatch(line -> line.startsWith("tandem_store_disk_usage "))
                        .anyMatch(line -> line.startsWith("tandem_store_disk_used_bytes "))
                        .anyMatch(line -> line.startsWith("tandem_store_disk_total_bytes "));
            });
        }
    }

    @Test
    void shouldServeBuildAndRuntimeInfo() throws Exception {
        HttpResponse<String> response = get("/actuator/info");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode info = JSON.readTree(response.body());
        assertThat(info.path("build").path("artifact").asString()).isEqualTo("tandem-mq-server");
        assertThat(info.path("java").path("version").asString()).isEqualTo(System.getProperty("java.version"));
    }

    @Test
    void shouldNotExposeOtherEndpoints() throws Exception {
        assertThat(get("/actuator/env").statusCode()).isEqualTo(404);
        assertThat(get("/actuator/beans").statusCode()).isEqualTo(404);
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + managementPort + path))
                .timeout(Duration.ofSeconds(5))
                .build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
