package io.tandem.spring.transaction.app;

import io.tandem.client.producer.TransactionSendResult;
import io.tandem.client.producer.TransactionState;
import io.tandem.coordinator.broker.BrokerAdminClient;
import io.tandem.protocol.body.HalfMessageList;
import io.tandem.protocol.txn.CheckOutcome;
import io.tandem.spring.core.MqTemplate;
import io.tandem.spring.listener.Inbox;
import io.tandem.spring.test.EmbeddedMqBroker;
import io.tandem.spring.test.MqTestBroker;
import io.tandem.spring.test.MqTransactionFaults;
import io.tandem.spring.transaction.app.TransactionTestApplication.Delivered;
import io.tandem.spring.transaction.app.TransactionTestApplication.DepositEvents;
import io.tandem.spring.transaction.app.TransactionTestApplication.DepositReceived;
import io.tandem.spring.transaction.app.TransactionTestApplication.DepositService;
import io.tandem.spring.transaction.app.TransactionTestApplication.DepositTransactions;
import io.tandem.spring.transaction.app.TransactionTestApplication.OrderEvents;
import io.tandem.spring.transaction.app.TransactionTestApplication.OrderPlaced;
import io.tandem.spring.transaction.app.TransactionTestApplication.OrderService;
import io.tandem.spring.transaction.app.TransactionTestApplication.PaymentEvents;
import io.tandem.spring.transaction.app.TransactionTestApplication.PaymentTaken;
import io.tandem.spring.transaction.app.TransactionTestApplication.PaymentTransactions;
import io.tandem.spring.transaction.app.TransactionTestApplication.RefundTransactions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Transactional messaging through the starter in a Spring Boot application, on each database: a send inside
 * {@code @Transactional} follows the transaction, also when the process "crashes" between the database's decision
 * and END_TRANSACTION; two {@code @MqTransactionListener}s share one application; and {@code sendInTransaction}
 * called inside the application's transaction delivers its message only if that transaction commits.
 *
 * <p>Topics have one queue, and order, payment and deposit events are consumed in queue order, so a marker sent after
 * an action arrives after any message the action let through.
 */
@SpringBootTest(classes = TransactionTestApplication.class, properties = {"tandem.mq.producer.group=tx-app",
        "tandem.mq.transaction.check-lock-wait=1s"})
@EmbeddedMqBroker(topics = {TransactionTestApplication.ORDERS, TransactionTestApplication.PAYMENTS,
        TransactionTestApplication.REFUNDS, TransactionTestApplication.DEPOSITS}, queues = 1,
        transactionTimeout = "1s")
abstract class TransactionalMessagingKit {

    /** Longer than the broker's first check-backs. */
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

    @Autowired
    DepositService deposits;

    @Autowired
    DepositTransactions depositTransactions;

    @Autowired
    DepositEvents depositEvents;

    @Autowired
    PlatformTransactionManager transactionManager;

    @Autowired
    MqTestBroker broker;

    /** Reads the broker's undecided halves; one per test class. */
    private static BrokerAdminClient brokerAdmin;

    @BeforeAll
    static void openAdmin() {
        brokerAdmin = new BrokerAdminClient(Duration.ofSeconds(5));
    }

    @AfterEach
    void disarm() {
        faults.reset();
    }

    @AfterAll
    static void closeAdmin() {
        brokerAdmin.close();
    }

    @Test
    void shouldDeliverTheMessageOfACommittedTransactionOnce() {
        long orderId = ORDER_IDS.incrementAndGet();
        String messageId = orders.place(orderId, "teapot");

        assertThat(orders.exists(orderId)).isTrue();
        awaitDelivered(orderEvents.inbox, messageId);
        awaitDelivered(orderEvents.inbox, sendOrderMarker());
        assertThat(deliveries(orderEvents.inbox, messageId)).isOne();
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
        awaitDelivered(orderEvents.inbox, sendOrderMarker());
        assertThat(orderEvents.inbox.items()).noneMatch(d -> d.payload().orderId() == orderId);
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
        awaitDelivered(orderEvents.inbox, sendOrderMarker());
        assertThat(deliveries(orderEvents.inbox, messageId)).isOne();
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
        awaitDelivered(orderEvents.inbox, sendOrderMarker());
        assertThat(orderEvents.inbox.items()).noneMatch(d -> d.payload().orderId() == orderId);
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
        TransactionSendResult marker = template.sendInTransaction(TransactionTestApplication.PAYMENTS,
                new PaymentTaken("marker-" + ORDER_IDS.incrementAndGet(), 0), TransactionState.COMMIT);
        awaitDelivered(paymentEvents.inbox, marker.sendResult().messageId());
        assertThat(paymentEvents.inbox.items()).noneMatch(d -> d.payload().paymentId().equals(rolledBack));
    }

    @Test
    void shouldRefuseSendInTransactionForATopicNoListenerServes() {
        assertThatThrownBy(() -> template.sendInTransaction(TransactionTestApplication.ORDERS,
                new OrderPlaced(1, "x"), null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("no @MqTransactionListener serves topic '" + TransactionTestApplication.ORDERS
                        + "'");
    }

    @Test
    void shouldDeliverTheMessageOfALocalTransactionRunInsideTheCallersTransactionOnceItCommits() {
        DepositReceived deposit = newDeposit();

        String messageId = deposits.deposit(deposit);

        assertThat(depositTransactions.executed).contains(deposit.depositId());
        assertThat(depositTransactions.exists(deposit.depositId())).isTrue();
        awaitDelivered(depositEvents.inbox, sendDepositMarker());
        assertThat(deliveries(depositEvents.inbox, messageId)).isOne();
        assertThat(delivered(depositEvents.inbox, messageId).payload()).isEqualTo(deposit);
    }

    @Test
    void shouldNeverDeliverTheMessageOfALocalTransactionWhoseCallersTransactionWasSetRollbackOnly() {
        DepositReceived deposit = newDeposit();
        List<String> sent = new CopyOnWriteArrayList<>();

        new TransactionTemplate(transactionManager).executeWithoutResult(status -> {
            sent.add(template.sendInTransaction(TransactionTestApplication.DEPOSITS, deposit, null).sendResult()
                    .messageId());
            status.setRollbackOnly();
        });

        assertThat(depositTransactions.executed).contains(deposit.depositId());
        assertThat(depositTransactions.exists(deposit.depositId())).isFalse();
        assertNeverDelivered(sent.getFirst(), deposit);
    }

    @Test
    void shouldNeverDeliverTheMessageOfALocalTransactionWhoseCallersTransactionFailed() {
        DepositReceived deposit = newDeposit();
        List<String> sent = new CopyOnWriteArrayList<>();

        assertThatThrownBy(() -> deposits.depositThenFail(deposit, sent))
                .hasMessage("deposit " + deposit.depositId() + " rejected");

        assertThat(sent).hasSize(1);
        assertThat(depositTransactions.exists(deposit.depositId())).isFalse();
        assertNeverDelivered(sent.getFirst(), deposit);
    }

    @Test
    void shouldNeverDeliverMessagesOfANestedTransactionRolledBackToItsSavepointWhenTheOuterOneCommits() {
        DepositReceived viaListener = newDeposit();
        DepositReceived viaSend = newDeposit();
        DepositReceived kept = newDeposit();
        List<String> sent = new CopyOnWriteArrayList<>();
        TransactionTemplate nested = new TransactionTemplate(transactionManager);
        nested.setPropagationBehavior(TransactionTemplate.PROPAGATION_NESTED);

        String keptId = new TransactionTemplate(transactionManager).execute(outer -> {
            nested.executeWithoutResult(inner -> {
                sent.add(template.sendInTransaction(TransactionTestApplication.DEPOSITS, viaListener, null)
                        .sendResult().messageId());
                sent.add(template.send(TransactionTestApplication.DEPOSITS, viaSend).messageId());
                inner.setRollbackOnly();
            });
            return template.sendInTransaction(TransactionTestApplication.DEPOSITS, kept, null).sendResult()
                    .messageId();
        });

        assertThat(depositTransactions.exists(viaListener.depositId())).isFalse();
        assertThat(depositTransactions.exists(kept.depositId())).isTrue();
        String marker = sendDepositMarker();
        awaitDelivered(depositEvents.inbox, marker);
        assertThat(deliveries(depositEvents.inbox, keptId)).isOne();
        assertThat(depositEvents.inbox.items()).noneMatch(d -> sent.contains(d.messageId())
                || d.payload().equals(viaListener) || d.payload().equals(viaSend));
    }

    @Test
    void shouldAnswerCheckBacksUnknownWhileTheCallersTransactionRunsAndDeliverOnceItCommits() {
        DepositReceived deposit = newDeposit();

        String messageId = new TransactionTemplate(transactionManager).execute(status -> {
            String id = template.sendInTransaction(TransactionTestApplication.DEPOSITS, deposit, null).sendResult()
                    .messageId();
            // The broker checks back after its transaction timeout (1 s) while this transaction still runs: the
            // answer must wait for the transaction, never guess ROLLBACK (or COMMIT).
            await().atMost(QUIET.multipliedBy(3)).until(() -> lastCheckAnswer(id), Optional.of(CheckOutcome.UNKNOWN)::equals);
            String marker = CompletableFuture.supplyAsync(this::sendDepositMarker).join();
            awaitDelivered(depositEvents.inbox, marker);
            assertThat(deliveries(depositEvents.inbox, id)).as("delivered before its transaction ended").isZero();
            return id;
        });

        assertThat(depositTransactions.exists(deposit.depositId())).isTrue();
        awaitDelivered(depositEvents.inbox, sendDepositMarker());
        assertThat(deliveries(depositEvents.inbox, messageId)).isOne();
    }

    @Test
    void shouldRefuseSendInTransactionInsideATransactionThatDoesNotHoldTheApplicationsDatabase() {
        DepositReceived deposit = newDeposit();
        DriverManagerDataSource otherDatabase = new DriverManagerDataSource("jdbc:h2:mem:tandem-tx-other-"
                + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
        TransactionTemplate foreign = new TransactionTemplate(new DataSourceTransactionManager(otherDatabase));
        foreign.setName("other-database");

        foreign.executeWithoutResult(status -> assertThatThrownBy(() -> template.sendInTransaction(
                TransactionTestApplication.DEPOSITS, deposit, null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("sendInTransaction cannot run inside transaction 'other-database'"));

        assertThat(depositTransactions.executed).doesNotContain(deposit.depositId());
    }

    /** A marker sent now, and the proof that {@code messageId} did not arrive before it. */
    private void assertNeverDelivered(String messageId, DepositReceived deposit) {
        String marker = sendDepositMarker();
        awaitDelivered(depositEvents.inbox, marker);
        assertThat(depositEvents.inbox.items()).noneMatch(d -> d.messageId().equals(messageId)
                || d.payload().equals(deposit));
    }

    /** An order placed and committed at once: the message id of its event. */
    private String sendOrderMarker() {
        return orders.place(ORDER_IDS.incrementAndGet(), "marker");
    }

    /** A deposit sent outside any transaction, so committed at once: its message id. */
    private String sendDepositMarker() {
        return template.sendInTransaction(TransactionTestApplication.DEPOSITS,
                new DepositReceived("marker-" + ORDER_IDS.incrementAndGet(), 0), null).sendResult().messageId();
    }

    private static DepositReceived newDeposit() {
        return new DepositReceived("deposit-" + ORDER_IDS.incrementAndGet(), 100);
    }

    /** The last answer the broker recorded for the undecided half {@code transactionId}, or empty once decided. */
    private Optional<CheckOutcome> lastCheckAnswer(String transactionId) {
        return brokerAdmin.listHalves(broker.brokerAddress(), 0, 1000).halves().stream()
                .filter(half -> half.transactionId().equals(transactionId))
                .map(HalfMessageList.Half::lastAnswer)
                .findFirst();
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
