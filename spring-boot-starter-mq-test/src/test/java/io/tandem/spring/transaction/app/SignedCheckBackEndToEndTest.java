package io.tandem.spring.transaction.app;

import io.tandem.client.producer.Producer;
import io.tandem.coordinator.record.CheckAnswer;
import io.tandem.coordinator.record.CheckAttempt;
import io.tandem.coordinator.record.CheckChannel;
import io.tandem.coordinator.record.HalfRecord;
import io.tandem.protocol.txn.Decision;
import io.tandem.protocol.txn.DecisionSource;
import io.tandem.spring.test.MqTestBroker;
import io.tandem.spring.test.MqTestCoordinator;
import io.tandem.spring.test.MqTransactionFaults;
import io.tandem.spring.transaction.app.TransactionTestApplication.OrderService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * End to end, the coordinator checking back a real application over HTTP with the check endpoint's secret on: the
 * application crashed between its database commit and END_TRANSACTION and none of its producers is connected to the
 * broker any more, so the coordinator asks its check endpoint. Signed with the application's secret, the question is
 * answered and the transaction committed; signed with another, it is refused and nothing is decided.
 */
class SignedCheckBackEndToEndTest {

    private static final String SECRET = "end-to-end-check-secret-8f3b";
    private static final String GROUP = "tx-signed-e2e";
    private static final Duration AT_MOST = Duration.ofSeconds(30);

    private final MqTransactionFaults faults = new MqTransactionFaults();
    private MqTestBroker broker;
    private ConfigurableApplicationContext application;
    private String checkUrl;

    @BeforeEach
    void startTheBrokerAndTheApplication() {
        broker = MqTestBroker.start(List.of(), Duration.ofSeconds(1), false);
        broker.createTopics(4, TransactionTestApplication.ORDERS, TransactionTestApplication.PAYMENTS,
                TransactionTestApplication.REFUNDS, TransactionTestApplication.DEPOSITS);
        application = new SpringApplicationBuilder(TransactionTestApplication.class)
                .initializers(context -> context.getBeanFactory().registerSingleton("mqTransactionFaults", faults))
                .properties(Map.of(
                        "server.address", "127.0.0.1",
                        "server.port", "0",
                        "spring.datasource.url", "jdbc:h2:mem:tandem-tx-signed-e2e;DB_CLOSE_DELAY=-1",
                        "tandem.mq.name-server", broker.nameServerAddress(),
                        "tandem.mq.producer.group", GROUP,
                        "tandem.mq.check-endpoint.secret", SECRET,
                        "tandem.coordinator.enabled", "false"))
                .run();
        checkUrl = "http://127.0.0.1:" + application.getEnvironment().getProperty("local.server.port")
                + "/tandem/transactions/check";
    }

    @AfterEach
    void stopEverything() {
        if (application != null) {
            application.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void shouldCommitThroughASignedCheckOfTheApplicationsEndpoint() {
        String messageId = placeAnOrderAndLoseItsEndTransactionWithNoProducerLeft();

        try (MqTestCoordinator coordinator = MqTestCoordinator.start(broker.brokerAddress(), Map.of(
                "tandem.coordinator.producers." + GROUP + ".check-url", checkUrl,
                "tandem.coordinator.http.secret", SECRET))) {
            await().atMost(AT_MOST).until(() -> coordinator.decision(GROUP, messageId).isPresent());

            assertThat(coordinator.decision(GROUP, messageId)).hasValueSatisfying(decision -> {
                assertThat(decision.decision()).isEqualTo(Decision.COMMIT);
                assertThat(decision.source()).isEqualTo(DecisionSource.CHECK);
            });
            assertThat(httpAttempts(coordinator, messageId)).anySatisfy(attempt -> {
                assertThat(attempt.target()).startsWith(checkUrl);
                assertThat(attempt.answer()).isEqualTo(CheckAnswer.COMMIT);
            });
        }
    }

    @Test
    void shouldDecideNothingWhenTheCoordinatorSignsWithAnotherSecret() {
        String messageId = placeAnOrderAndLoseItsEndTransactionWithNoProducerLeft();

        try (MqTestCoordinator coordinator = MqTestCoordinator.start(broker.brokerAddress(), Map.of(
                "tandem.coordinator.producers." + GROUP + ".check-url", checkUrl,
                "tandem.coordinator.http.secret", "not-the-applications-secret"))) {
            await().atMost(AT_MOST).until(() -> !httpAttempts(coordinator, messageId).isEmpty());

            assertThat(httpAttempts(coordinator, messageId)).allSatisfy(attempt -> {
                assertThat(attempt.answer()).isEqualTo(CheckAnswer.FAILED);
                assertThat(attempt.error()).contains("answered HTTP 401");
            });
            assertThat(coordinator.decision(GROUP, messageId)).isEmpty();
        }
    }

    private String placeAnOrderAndLoseItsEndTransactionWithNoProducerLeft() {
        faults.crashBeforeEndTransaction(1);
        String messageId = application.getBean(OrderService.class).place(System.nanoTime(), "signed end to end");
        // The only producer of the group leaves: the broker has nobody to check back with, the coordinator uses HTTP.
        application.getBean(Producer.class).close();
        return messageId;
    }

    private static List<CheckAttempt> httpAttempts(MqTestCoordinator coordinator, String messageId) {
        return coordinator.half(GROUP, messageId)
                .map(HalfRecord::id)
                .map(id -> coordinator.record().attempts(id).stream()
                        .filter(attempt -> attempt.channel() == CheckChannel.HTTP)
                        .toList())
                .orElse(List.of());
    }
}
