package io.tandem.spring.transaction.app;

import io.tandem.client.producer.TransactionState;
import io.tandem.protocol.txn.Decision;
import io.tandem.protocol.txn.DecisionSource;
import io.tandem.spring.listener.Inbox;
import io.tandem.spring.test.EmbeddedMqBroker;
import io.tandem.spring.test.MqTestCoordinator;
import io.tandem.spring.test.MqTransactionFaults;
import io.tandem.spring.transaction.app.TransactionTestApplication.OrderEvents;
import io.tandem.spring.transaction.app.TransactionTestApplication.OrderService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * {@code @EmbeddedMqBroker(coordinator = true)}: Tandem's coordinator, not the broker, resolves what a crash between
 * the database's decision and END_TRANSACTION left undecided, by checking back with the application, which answers
 * from its transaction log; the coordinator's record says who decided.
 */
@SpringBootTest(classes = TransactionTestApplication.class, properties = {"tandem.mq.producer.group=tx-coordinated",
        "spring.datasource.url=jdbc:h2:mem:tandem-tx-coordinated;DB_CLOSE_DELAY=-1"})
@EmbeddedMqBroker(topics = {TransactionTestApplication.ORDERS, TransactionTestApplication.PAYMENTS,
        TransactionTestApplication.REFUNDS, TransactionTestApplication.DEPOSITS}, transactionTimeout = "1s",
        coordinator = true)
class EmbeddedCoordinatorTest {

    @Autowired
    OrderService orders;

    @Autowired
    OrderEvents events;

    @Autowired
    MqTransactionFaults faults;

    @Autowired
    MqTestCoordinator coordinator;

    @Test
    void shouldCommitThroughTheCoordinatorsCheckWhenTheProducerCrashedAfterTheDatabaseCommit() {
        faults.crashBeforeEndTransaction(1);

        String messageId = orders.place(System.nanoTime(), "coordinated commit");

        await().atMost(Inbox.WAIT).until(() -> events.inbox.items().stream()
                .anyMatch(delivered -> delivered.messageId().equals(messageId)));
        await().atMost(Duration.ofSeconds(10)).until(() -> coordinator.decision("tx-coordinated", messageId)
                .isPresent());
        assertThat(coordinator.decision("tx-coordinated", messageId)).hasValueSatisfying(decision -> {
            assertThat(decision.decision()).isEqualTo(Decision.COMMIT);
            assertThat(decision.source()).isEqualTo(DecisionSource.CHECK);
        });
    }

    @Test
    void shouldRollBackThroughTheCoordinatorsCheckWhenTheProducerCrashedAfterTheDatabaseRollback() {
        faults.crashBeforeEndTransaction(1);
        List<String> sent = new CopyOnWriteArrayList<>();

        assertThatThrownBy(() -> orders.placeThenFail(System.nanoTime(), "coordinated rollback", sent))
                .isInstanceOf(IllegalStateException.class);

        List<String> crashed = faults.crashes().getLast().transactionIds();
        assertThat(faults.crashes().getLast().outcome()).isEqualTo(TransactionState.ROLLBACK);
        await().atMost(Inbox.WAIT).until(() -> crashed.stream()
                .allMatch(id -> coordinator.decision("tx-coordinated", id).isPresent()));
        for (String id : crashed) {
            assertThat(coordinator.decision("tx-coordinated", id)).hasValueSatisfying(decision -> {
                assertThat(decision.decision()).isEqualTo(Decision.ROLLBACK);
                assertThat(decision.source()).isEqualTo(DecisionSource.CHECK);
            });
        }
        assertThat(events.inbox.items()).noneMatch(delivered -> crashed.contains(delivered.messageId()));
    }
}
