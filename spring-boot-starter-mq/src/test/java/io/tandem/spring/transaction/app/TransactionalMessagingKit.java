package io.tandem.spring.transaction.app;

import io.tandem.client.producer.TransactionSendResult;
import io.tandem.client.producer.TransactionState;
import io.tandem.spring.core.MqTemplate;
import io.tandem.spring.listener.Inbox;
import io.tandem.spring.test.EmbeddedMqBroker;
import io.tandem.spring.test.MqTransactionFaults;
import io.tandem.spring.transaction.app.TransactionTestApplication.Delivered;
import io.tandem.spring.transaction.app.TransactionTestApplication.OrderEvents;
import io.tandem.spring.transaction.app.TransactionTestApplication.OrderPlaced;
import io.tandem.spring.transaction.app.TransactionTestApplication.OrderService;
import io.tandem.spring.transaction.app.TransactionTestApplication.PaymentEvents;
import io.tandem.spring.transaction.app.TransactionTestApplication.PaymentTaken;
import io.tandem.spring.transaction.app.TransactionTestApplication.PaymentTransactions;
import io.tandem.spring.transaction.app.TransactionTestApplication.RefundTransactions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Transactional messaging through the starter in a Spring Boot application, on each database: a send inside
 * {@code @Transactional} follows the transaction, also when the process "crashes" between the database's decision
 * and END_TRANSACTION, and two {@code @MqTransactionListener}s share one application.
 */
@SpringBootTest(classes = TransactionTestApplication.class, properties = "tandem.mq.producer.group=tx-app")
@EmbeddedMqBroker(topics = {TransactionTestApplication.ORDERS, TransactionTestApplication.PAYMENTS,
        TransactionTestApplication.REFUNDS},
        transactionTimeout = "1s")
abstract class TransactionalMessagingKit {

    /** Longer than the broker's first check-backs: what has not arrived by then was not going to. */
    private static final Duration QUIET = Duration.ofSeconds(4);
    private static final AtomicLong ORDER_IDS = new AtomicLong(System.nanoTime() % 1_000_000_000L);

    @Autowired
    OrderService orders;

    @Autowired
    OrderEvents orderEvents;

    @Autowired
    PaymentEvents paymentEvents;

    @Autowired
    PaymentTransactions payments;

    @Autowired
    RefundTransactions refunds;

    @Autowired
    MqTemplate template;

    @Autowired
    MqTransactionFaults faults;

    @Autowired
    JdbcTemplate jdbc;

    @AfterEach
    void disarm() {
        faults.reset();
    }

    @Test
    void shouldDeliverTheMessageOfACommittedTransactionOnce() {
        long orderId = ORDER_IDS.incrementAndGet();
        String messageId = orders.place(orderId, "teapot");

        assertThat(orders.exists(orderId)).isTrue();
        awaitDelivered(orderEvents.inbox, messageId);
        await().during(Duration.ofSeconds(2)).atMost(QUIET.multipliedBy(2))
                .until(() -> deliveries(orderEvents.inbox, messageId) == 1);
        assertThat(delivered(orderEvents.inbox, messageId).payload()).isEqualTo(new OrderPlaced(orderId, "teapot"));
        assertThat(logState(messageId)).isEqualTo("COMMIT");
    }

    @Test
    void shouldNeverDeliverTheMessagesOfARolledBackTransaction() {
        long orderId = ORDER_IDS.incrementAndGet();
        List<String> sent = new CopyOnWriteArrayList<>();

        assertThatThrownBy(() -> orders.placeThenFail(orderId, "kettle", sent))
                .hasMessage("payment declined for order " + orderId);

        assertThat(orders.exists(orderId)).isFalse();
        assertThat(sent).hasSize(1);
        String marker = orders.place(ORDER_IDS.incrementAndGet(), "marker");
        awaitDelivered(orderEvents.inbox, marker);
        await().during(QUIET).atMost(QUIET.multipliedBy(2))
                .until(() -> orderEvents.inbox.items().stream().noneMatch(d -> d.payload().orderId() == orderId));
    }

    @Test
    void shouldDeliverACommittedTransactionsMessageThroughTheCheckBackWhenTheProducerCrashedBeforeEndTransaction() {
        long orderId = ORDER_IDS.incrementAndGet();
        faults.crashBeforeEndTransaction(1);

        String messageId = orders.place(orderId, "crashed after commit");

        assertThat(faults.crashes()).singleElement().satisfies(crash -> {
            assertThat(crash.transactionIds()).containsExactly(messageId);
            assertThat(crash.outcome()).isEqualTo(TransactionState.COMMIT);
        });
        assertThat(orders.exists(orderId)).isTrue();
        awaitDelivered(orderEvents.inbox, messageId);
        await().during(Duration.ofSeconds(2)).atMost(QUIET.multipliedBy(2))
                .until(() -> deliveries(orderEvents.inbox, messageId) == 1);
    }

    @Test
    void shouldDropARolledBackTransactionsMessageThroughTheCheckBackWhenTheProducerCrashedBeforeEndTransaction() {
        long orderId = ORDER_IDS.incrementAndGet();
        List<String> sent = new CopyOnWriteArrayList<>();
        faults.crashBeforeEndTransaction(1);

        assertThatThrownBy(() -> orders.placeThenFail(orderId, "crashed after rollback", sent))
                .isInstanceOf(IllegalStateException.class);

        assertThat(faults.crashes()).singleElement().satisfies(crash -> {
            assertThat(crash.transactionIds()).hasSize(2);
            assertThat(crash.outcome()).isEqualTo(TransactionState.ROLLBACK);
        });
        List<String> crashed = faults.crashes().getFirst().transactionIds();
        // The check-back finds no committed row and settles the answer: ROLLBACK rows appear in the log.
        await().atMost(QUIET.multipliedBy(3))
                .until(() -> crashed.stream().allMatch(id -> "ROLLBACK".equals(logState(id))));
        await().during(QUIET).atMost(QUIET.multipliedBy(2))
                .until(() -> orderEvents.inbox.items().stream().noneMatch(d -> d.payload().orderId() == orderId));
        assertThat(orders.exists(orderId)).isFalse();
    }

    @Test
    void shouldRefuseSendsThatCannotTakePartInTheTransactionAndRollItBack() {
        long orderId = ORDER_IDS.incrementAndGet();
        assertThatThrownBy(() -> orders.placeBatch(orderId))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("sendBatch cannot take part in a transaction");
        assertThat(orders.exists(orderId)).isFalse();
    }

    @Test
    void shouldRouteLocalTransactionsAndTheirCheckBacksToTwoListenersByTopicAndByType() {
        String committed = "pay-" + ORDER_IDS.incrementAndGet();
        String checked = "pay-" + ORDER_IDS.incrementAndGet();
        String rolledBack = "pay-" + ORDER_IDS.incrementAndGet();
        String refund = "refund-" + ORDER_IDS.incrementAndGet();

        TransactionSendResult first = template.sendInTransaction(TransactionTestApplication.PAYMENTS,
                new PaymentTaken(committed, 100), TransactionState.COMMIT);
        TransactionSendResult second = template.sendInTransaction(TransactionTestApplication.PAYMENTS,
                new PaymentTaken(checked, 200), TransactionState.UNKNOWN);
        template.sendInTransaction(TransactionTestApplication.PAYMENTS, new PaymentTaken(rolledBack, 300),
                TransactionState.ROLLBACK);
        // A raw JSON body, which the payment topic's consumers read like any payment event.
        String refundBody = "{\"paymentId\":\"" + refund + "\",\"cents\":-100}";
        TransactionSendResult third = template.sendInTransaction("refund", TransactionTestApplication.PAYMENTS,
                refundBody.getBytes(), TransactionState.UNKNOWN);

        assertThat(first.state()).isEqualTo(TransactionState.COMMIT);
        assertThat(payments.executed).contains(committed, checked, rolledBack).doesNotContain(refund);
        assertThat(refunds.executed).containsExactly(refundBody);
        awaitDelivered(paymentEvents.inbox, first.sendResult().messageId());
        // UNKNOWN: the broker checks back; each check reaches the listener that executed the transaction.
        awaitDelivered(paymentEvents.inbox, second.sendResult().messageId());
        assertThat(payments.checked).contains(checked).doesNotContain(committed, rolledBack, refund);
        assertThat(delivered(paymentEvents.inbox, second.sendResult().messageId()).payload())
                .isEqualTo(new PaymentTaken(checked, 200));
        await().atMost(QUIET.multipliedBy(3)).until(() -> refunds.checked.contains(refundBody));
        awaitDelivered(paymentEvents.inbox, third.sendResult().messageId());
        assertThat(payments.checked).doesNotContain(refund);
        await().during(Duration.ofSeconds(2)).atMost(QUIET.multipliedBy(2)).until(() ->
                paymentEvents.inbox.items().stream().noneMatch(d -> d.payload().paymentId().equals(rolledBack)));
    }

    @Test
    void shouldRefuseSendInTransactionForATopicNoListenerServes() {
        assertThatThrownBy(() -> template.sendInTransaction(TransactionTestApplication.ORDERS,
                new OrderPlaced(1, "x"), null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("no @MqTransactionListener serves topic '" + TransactionTestApplication.ORDERS
                        + "'");
    }

    private String logState(String transactionId) {
        List<String> states = jdbc.queryForList("SELECT state FROM tandem_mq_transaction WHERE transaction_id = ?",
                String.class, transactionId);
        return states.isEmpty() ? null : states.getFirst();
    }

    private static <T> void awaitDelivered(Inbox<Delivered<T>> inbox, String messageId) {
        await().atMost(Inbox.WAIT).until(() -> deliveries(inbox, messageId) > 0);
    }

    private static <T> long deliveries(Inbox<Delivered<T>> inbox, String messageId) {
        return inbox.items().stream().filter(d -> d.messageId().equals(messageId)).count();
    }

    private static <T> Delivered<T> delivered(Inbox<Delivered<T>> inbox, String messageId) {
        return inbox.items().stream().filter(d -> d.messageId().equals(messageId)).findFirst().orElseThrow();
    }
}
