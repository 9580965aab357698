package io.tandem.samples.e2e;

import io.tandem.client.ClientConfig;
import io.tandem.client.admin.AdminClient;
import io.tandem.client.admin.TopicSettings;
import io.tandem.samples.e2e.SampleTopology.Service;
import io.tandem.testing.Ports;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The money-transfer sample end to end, every part a real process: tandem-app (broker, name server, coordinator)
 * and the accounts, ledger and notifications services from their executable jars, on PostgreSQL with a fresh schema
 * per service and run. 200 transfers between 20 accounts, some refused for insufficient funds; the ledger is killed
 * with SIGKILL a third of the way through and started again two thirds of the way through. At the end the money is
 * where it was (the accounts' balances plus the ledger's credits add up to what the accounts were opened with), every
 * committed debit is credited exactly once, and the deliveries the ledger's idempotency absorbed are reported.
 */
class MoneyTransferIT {

    private static final String POSTGRES = "jdbc:postgresql://127.0.0.1:5432/test";
    private static final String POSTGRES_USER = "postgres";
    private static final int ACCOUNTS = 20;
    private static final int TRANSFERS = 200;
    private static final BigDecimal OPENING_BALANCE = new BigDecimal("100.00");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(240);
    private static final Path JDK_17 = Path.of("/usr/lib/jvm/java-17-openjdk-amd64");
    private static final List<String> SERVICE_JVM = List.of("-Xmx192m", "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final JsonMapper json = JsonMapper.builder().build();
    private final String run = "e2e" + Long.toString(System.currentTimeMillis(), 36)
            + ThreadLocalRandom.current().nextInt(1000);
    private final Path logs = Path.of("target", "e2e-logs", run).toAbsolutePath();
    private final Map<Service, Integer> ports = new HashMap<>();
    private final Map<Service, ServiceProcess> services = new LinkedHashMap<>();
    private ServiceProcess tandem;
    private int nameServerPort;

    @TempDir
    Path dataDirectory;

    @BeforeEach
    void startTandem() throws Exception {
        String unavailable = postgresUnavailable();
        assumeTrue(unavailable == null, () -> "PostgreSQL at " + POSTGRES + " is needed: " + unavailable);
        for (Service service : SampleTopology.SERVICES) {
            service.jarPath();
            sql("DROP SCHEMA IF EXISTS " + schema(service) + " CASCADE", "CREATE SCHEMA " + schema(service));
            ports.put(service, Ports.unused());
        }
        nameServerPort = Ports.unused();
        int consolePort = Ports.unused();
        int managementPort = Ports.unused();
        tandem = ServiceProcess.start("tandem-app", javaHome(25),
                List.of("--enable-native-access=ALL-UNNAMED", "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"),
                SampleTopology.tandemAppJar(),
                List.of("--tandem.broker.data-directory=" + dataDirectory,
                        "--tandem.broker.name-server-port=" + nameServerPort,
                        "--tandem.broker.broker-port=" + Ports.unused(),
                        "--tandem.broker.store.segment-size=64MB",
                        "--server.port=" + consolePort,
                        "--management.server.port=" + managementPort),
                Map.of(), logs);
        awaitHealthy(tandem, "http://127.0.0.1:" + managementPort + "/actuator/health");
        // The topic exists before its listeners start, as where operators create topics (automatic creation is off
        // in the production profile). A listener started before its topic existed once received nothing here.
        try (AdminClient admin = AdminClient.start(ClientConfig.of("127.0.0.1:" + nameServerPort))) {
            admin.createTopic(TopicSettings.of("Transfers", 4));
        }
    }

    @AfterEach
    void stopEverything() throws SQLException {
        services.values().forEach(ServiceProcess::close);
        if (tandem != null) {
            tandem.close();
        }
        if (!ports.isEmpty() && postgresUnavailable() == null) {
            for (Service service : SampleTopology.SERVICES) {
                sql("DROP SCHEMA IF EXISTS " + schema(service) + " CASCADE");
            }
        }
    }

    @Test
    void moneyIsConservedAndEveryDebitCreditedOnceThroughALedgerCrash() throws Exception {
        for (Service service : SampleTopology.SERVICES) {
            start(service);
        }
        for (Service service : SampleTopology.SERVICES) {
            awaitHealthy(services.get(service), url(service, "/actuator/health"));
        }
        for (int i = 0; i < ACCOUNTS; i++) {
            send("PUT", url(SampleTopology.ACCOUNTS, "/accounts/acc-" + i + "?balance=" + OPENING_BALANCE), null);
        }
        BigDecimal total = OPENING_BALANCE.multiply(BigDecimal.valueOf(ACCOUNTS));

        Random random = new Random(17);
        Map<String, BigDecimal> committed = new LinkedHashMap<>();
        Map<String, BigDecimal> creditsByAccount = new HashMap<>();
        AtomicInteger refused = new AtomicInteger();
        int killedAtCredited = -1;
        for (int i = 0; i < TRANSFERS; i++) {
            if (i == TRANSFERS / 3) {
                // Once the ledger has credited something, so that it dies with credits whose offsets it has not
                // committed yet.
                await().atMost(Duration.ofSeconds(60)).until(() -> ledgerStat("credited") > 0);
                killedAtCredited = ledgerStat("credited");
                assertThat(services.get(SampleTopology.LEDGER).kill()).isEqualTo(137);
            }
            if (i == 2 * TRANSFERS / 3) {
                start(SampleTopology.LEDGER);
            }
            int from = random.nextInt(ACCOUNTS);
            int to = (from + 1 + random.nextInt(ACCOUNTS - 1)) % ACCOUNTS;
            // 1.00 to 14.99, which drains some accounts on the way; every seventh asks for more than any holds.
            BigDecimal amount = i % 7 == 3 ? new BigDecimal("500.00")
                    : BigDecimal.valueOf(100 + random.nextInt(1400), 2);
            String transferId = run + "-t" + i;
            HttpResponse<String> response = send("POST", url(SampleTopology.ACCOUNTS, "/transfers"),
                    json.writeValueAsString(Map.of("transferId", transferId, "from", "acc-" + from,
                            "to", "acc-" + to, "amount", amount)));
            if (response.statusCode() == 200) {
                committed.put(transferId, amount);
                creditsByAccount.merge("acc-" + to, amount, BigDecimal::add);
            } else {
                assertThat(response.statusCode()).as("transfer %s: %s", transferId, response.body()).isEqualTo(422);
                refused.incrementAndGet();
            }
        }
        assertThat(refused.get()).as("transfers refused for insufficient funds").isGreaterThan(TRANSFERS / 10);

        awaitHealthy(services.get(SampleTopology.LEDGER), url(SampleTopology.LEDGER, "/actuator/health"));
        await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(1))
                .until(() -> ledgerStat("credited") == committed.size());

        Set<String> debited = new HashSet<>(strings(SampleTopology.ACCOUNTS, "SELECT transfer_id FROM transfers"));
        List<String> credited = strings(SampleTopology.LEDGER, "SELECT transfer_id FROM processed_transfers");
        assertThat(debited).as("debits the accounts committed").isEqualTo(committed.keySet());
        assertThat(credited).as("credits, one per debit").hasSize(committed.size())
                .containsExactlyInAnyOrderElementsOf(committed.keySet());
        BigDecimal accountsTotal = decimal(SampleTopology.ACCOUNTS, "SELECT SUM(balance) FROM accounts");
        BigDecimal ledgerTotal = decimal(SampleTopology.LEDGER, "SELECT COALESCE(SUM(balance), 0) FROM ledger_balances");
        assertThat(accountsTotal.add(ledgerTotal)).as("money is neither made nor lost").isEqualByComparingTo(total);
        for (Map.Entry<String, BigDecimal> credit : creditsByAccount.entrySet()) {
            assertThat(decimal(SampleTopology.LEDGER, "SELECT balance FROM ledger_balances WHERE account = '"
                    + credit.getKey() + "'")).as("credits of %s", credit.getKey())
                    .isEqualByComparingTo(credit.getValue());
        }
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() ->
                strings(SampleTopology.NOTIFICATIONS, "SELECT transfer_id FROM notices").size() == committed.size());

        int duplicates = ledgerStat("absorbedDuplicates");
        String report = String.format("money-transfer e2e: %d transfers, %d committed, %d refused for insufficient"
                        + " funds; ledger killed (SIGKILL) after %d credits and restarted; %d credits, %d duplicate"
                        + " deliveries absorbed by the ledger's idempotency; total %s before and after",
                TRANSFERS, committed.size(), refused.get(), killedAtCredited, credited.size(), duplicates,
                total.toPlainString());
        System.out.println(report);
        Files.writeString(Path.of("target", "e2e-report.txt"), report + System.lineSeparator());
    }

    private void start(Service service) {
        int port = ports.get(service);
        Map<String, String> environment = Map.of(
                "SERVER_PORT", Integer.toString(port),
                "TANDEM_MQ_NAMESERVER", "127.0.0.1:" + nameServerPort,
                "SPRING_DATASOURCE_URL", POSTGRES + "?currentSchema=" + schema(service),
                "SPRING_DATASOURCE_USERNAME", POSTGRES_USER,
                "SPRING_DATASOURCE_PASSWORD", "");
        assertThat(environment.keySet()).containsAll(SampleTopology.SERVICE_ENVIRONMENT);
        services.put(service, ServiceProcess.start(service.name(), javaHome(service.javaRelease()), SERVICE_JVM,
                service.jarPath(), List.of(), environment, logs));
    }

    /** The JDK of that release if it is installed; else the one running this test. */
    private static Path javaHome(int release) {
        if (release == 17 && Files.isExecutable(JDK_17.resolve("bin/java"))) {
            return JDK_17;
        }
        return Path.of(System.getProperty("java.home"));
    }

    private void awaitHealthy(ServiceProcess process, String healthUrl) {
        await().atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(() -> {
            assertThat(process.isAlive()).as("%s exited; see its log", process).isTrue();
            HttpResponse<String> response = send("GET", healthUrl, null);
            return response.statusCode() == 200 && response.body().contains("\"UP\"");
        });
    }

    private int ledgerStat(String name) throws IOException, InterruptedException {
        JsonNode stats = json.readTree(send("GET", url(SampleTopology.LEDGER, "/stats"), null).body());
        return stats.get(name).asInt();
    }

    private String url(Service service, String path) {
        return "http://127.0.0.1:" + ports.get(service) + path;
    }

    private HttpResponse<String> send(String method, String url, String body) throws IOException,
            InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String schema(Service service) {
        return run + "_" + service.name();
    }

    private List<String> strings(Service service, String query) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute("SET search_path TO " + schema(service));
            try (ResultSet rows = statement.executeQuery(query)) {
                while (rows.next()) {
                    values.add(rows.getString(1));
                }
            }
        }
        return values;
    }

    private BigDecimal decimal(Service service, String query) throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute("SET search_path TO " + schema(service));
            try (ResultSet rows = statement.executeQuery(query)) {
                assertThat(rows.next()).as("a row for %s", query).isTrue();
                return rows.getBigDecimal(1);
            }
        }
    }

    private static void sql(String... statements) throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    private static String postgresUnavailable() {
        try (Connection connection = connect()) {
            return connection.isValid(3) ? null : "the connection is not valid";
        } catch (SQLException e) {
            return e.getMessage();
        }
    }

    private static Connection connect() throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", POSTGRES_USER);
        properties.setProperty("connectTimeout", "3");
        return DriverManager.getConnection(POSTGRES, properties);
    }
}
