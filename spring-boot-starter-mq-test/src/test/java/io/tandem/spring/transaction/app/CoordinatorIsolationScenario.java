package io.tandem.spring.transaction.app;

import io.tandem.protocol.txn.Decision;
import io.tandem.protocol.txn.DecisionSource;
import io.tandem.spring.listener.Inbox;
import io.tandem.spring.test.EmbeddedMqBroker;
import io.tandem.spring.test.MqTestCoordinator;
import io.tandem.spring.test.MqTransactionFaults;
import io.tandem.spring.transaction.app.TransactionTestApplication.OrderService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The test of an application whose {@code application.properties} points at its PostgreSQL database, run with
 * {@code @EmbeddedMqBroker(coordinator = true)}; {@link EmbeddedCoordinatorIsolationTest} runs it in a process whose
 * class path starts with that application's resources, and then inspects the application's database. The
 * coordinator resolves a crash the way it does for any application.
 */
@SpringBootTest(classes = TransactionTestApplication.class)
@EmbeddedMqBroker(topics = {TransactionTestApplication.ORDERS, TransactionTestApplication.PAYMENTS,
        TransactionTestApplication.REFUNDS, TransactionTestApplication.DEPOSITS}, transactionTimeout = "1s",
        coordinator = true)
@DirtiesContext
@EnabledIfSystemProperty(named = EmbeddedCoordinatorIsolationTest.SCHEMA_PROPERTY, matches = ".+",
        disabledReason = "run by EmbeddedCoordinatorIsolationTest in a process of its own")
class CoordinatorIsolationScenario {

    @Autowired
    OrderService orders;

    @Autowired
    MqTransactionFaults faults;

    @Autowired
    MqTestCoordinator coordinator;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void shouldResolveThroughTheCoordinatorWhileTheApplicationUsesItsOwnDatabase() {
        assertThat(jdbc.queryForObject("SELECT current_schema()", String.class))
                .isEqualTo(System.getProperty(EmbeddedCoordinatorIsolationTest.SCHEMA_PROPERTY));
        faults.crashBeforeEndTransaction(1);

        String messageId = orders.place(System.nanoTime(), "isolated");

        await().atMost(Inbox.WAIT).until(() -> coordinator.decision(EmbeddedCoordinatorIsolationTest.GROUP,
                messageId).isPresent());
        assertThat(coordinator.decision(EmbeddedCoordinatorIsolationTest.GROUP, messageId))
                .hasValueSatisfying(decision -> {
                    assertThat(decision.decision()).isEqualTo(Decision.COMMIT);
                    assertThat(decision.source()).isEqualTo(DecisionSource.CHECK);
                });
    }
}
