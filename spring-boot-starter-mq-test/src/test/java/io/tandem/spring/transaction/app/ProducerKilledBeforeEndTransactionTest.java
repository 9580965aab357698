package io.tandem.spring.transaction.app;

import io.tandem.spring.listener.Inbox;
import io.tandem.spring.test.MqTestBroker;
import io.tandem.spring.transaction.app.TransactionTestApplication.Delivered;
import io.tandem.spring.transaction.app.TransactionTestApplication.OrderEvents;
import io.tandem.spring.transaction.app.TransactionTestApplication.OrderPlaced;
import io.tandem.spring.transaction.app.TransactionTestApplication.OrderService;
import io.tandem.testing.Postgres;
import io.tandem.testing.RequiresPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A real producer process, killed with SIGKILL after its database transaction completed and before it reported the
 * outcome to the broker; a successor process of the same group answers the broker's check-back from the transaction
 * log in the shared PostgreSQL database: the committed order is delivered once, the rolled-back one never.
 */
@RequiresPostgres
class ProducerKilledBeforeEndTransactionTest {

    private static final Duration QUIET = Duration.ofSeconds(4);

    static MqTestBroker broker;
    static String url;
    static JdbcTemplate jdbc;

    @BeforeAll
    static void start() {
        broker = MqTestBroker.start(List.of(), Duration.ofSeconds(1));
        // One queue each, and order events consumed in queue order: a marker order placed after the successor
        // decided arrives after any message of the killed producer that was let through.
        broker.createTopics(1, TransactionTestApplication.ORDERS, TransactionTestApplication.PAYMENTS,
                TransactionTestApplication.REFUNDS, TransactionTestApplication.DEPOSITS);
        url = Postgres.freshSchema("tandem_mq_killed");
        jdbc = new JdbcTemplate(new DriverManagerDataSource(url, Postgres.USER, ""));
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    @Test
    void shouldDeliverTheOrderOfAProducerKilledAfterItsCommitThroughItsSuccessorsAnswer() throws Exception {
        long orderId = 7001;
        List<String> killed = runKilledProducer("commit", orderId);

        assertThat(killed).hasSize(1);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM tx_orders WHERE id = ?", Integer.class, orderId))
                .isEqualTo(1);
        try (ConfigurableApplicationContext successor = successor()) {
            Inbox<TransactionTestApplication.Delivered<TransactionTestApplication.OrderPlaced>> inbox =
                    successor.getBean(OrderEvents.class).inbox;
            await().atMost(Inbox.WAIT).until(() -> inbox.items().stream()
                    .anyMatch(d -> d.messageId().equals(killed.getFirst())));
            awaitMarker(successor, inbox, 7101);
            assertThat(inbox.items()).filteredOn(d -> d.messageId().equals(killed.getFirst())).hasSize(1);
        }
        assertThat(logState(killed.getFirst())).isEqualTo("COMMIT");
    }

    @Test
    void shouldNeverDeliverTheOrderOfAProducerKilledAfterItsRollback() throws Exception {
        long orderId = 7002;
        List<String> killed = runKilledProducer("rollback", orderId);

        assertThat(killed).hasSize(2);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM tx_orders WHERE id = ?", Integer.class, orderId))
                .isZero();
        try (ConfigurableApplicationContext successor = successor()) {
            await().atMost(QUIET.multipliedBy(3))
                    .until(() -> killed.stream().allMatch(id -> "ROLLBACK".equals(logState(id))));
            Inbox<TransactionTestApplication.Delivered<TransactionTestApplication.OrderPlaced>> inbox =
                    successor.getBean(OrderEvents.class).inbox;
            awaitMarker(successor, inbox, 7102);
            assertThat(inbox.items()).noneMatch(d -> killed.contains(d.messageId()));
        }
    }

    /** Places order {@code orderId} through the successor, committed at once, and waits for its event. */
    private static void awaitMarker(ConfigurableApplicationContext successor, Inbox<Delivered<OrderPlaced>> inbox,
                                    long orderId) {
        String marker = successor.getBean(OrderService.class).place(orderId, "marker");
        await().atMost(Inbox.WAIT).until(() -> inbox.items().stream().anyMatch(d -> d.messageId().equals(marker)));
    }

    /** Runs the producer process to its SIGKILL and returns the transaction ids it left undecided. */
    private static List<String> runKilledProducer(String outcome, long orderId) throws Exception {
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), KilledProducerApp.class.getName(),
                broker.nameServerAddress(), url, outcome, Long.toString(orderId))
                .redirectErrorStream(true).start();
        List<String> output = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                output.add(line);
                if (line.startsWith("KILLING ")) {
                    String[] parts = line.split(" ");
                    assertThat(parts[1]).isEqualTo(outcome.equals("commit") ? "COMMIT" : "ROLLBACK");
                    ids.addAll(Arrays.asList(parts[2].split(",")));
                }
            }
        }
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("producer exited").isTrue();
        assertThat(process.exitValue()).as("exit code of the producer (137: SIGKILL); its output:%n%s",
                String.join("\n", output.subList(Math.max(0, output.size() - 40), output.size()))).isEqualTo(137);
        return ids;
    }

    private static ConfigurableApplicationContext successor() {
        return new SpringApplicationBuilder(TransactionTestApplication.class)
                .web(WebApplicationType.NONE)
                .properties("tandem.mq.name-server=" + broker.nameServerAddress(), "spring.datasource.url=" + url,
                        "spring.datasource.username=" + Postgres.USER,
                        "tandem.mq.producer.group=" + KilledProducerApp.GROUP,
                        "tandem.mq.consumer.consume-from=first-offset", "spring.main.banner-mode=off",
                        "tandem.mq.client.heartbeat-interval=1s", "tandem.mq.consumer.rebalance-interval=1s",
                        "tandem.mq.listener.shutdown-timeout=2s", "tandem.coordinator.enabled=false")
                .run();
    }

    private static String logState(String transactionId) {
        List<String> states = jdbc.queryForList("SELECT state FROM tandem_mq_transaction WHERE transaction_id = ?",
                String.class, transactionId);
        return states.isEmpty() ? null : states.getFirst();
    }
}
