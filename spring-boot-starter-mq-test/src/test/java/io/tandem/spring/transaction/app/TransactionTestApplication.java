package io.tandem.spring.transaction.app;

import io.tandem.client.producer.TransactionState;
import io.tandem.spring.annotation.MqListener;
import io.tandem.spring.annotation.MqTransactionListener;
import io.tandem.spring.core.MqTemplate;
import io.tandem.spring.listener.ConsumeMode;
import io.tandem.spring.listener.Inbox;
import io.tandem.spring.support.MqHeaders;
import io.tandem.spring.transaction.MqLocalTransactionListener;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.messaging.Message;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.stereotype.Component;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An order service that changes its database and publishes in one @Transactional method, a listener of what it
 * publishes, two local-transaction listeners (payments by topic, refunds by type), and a deposit service whose
 * local-transaction listener is called inside the service's own transactions, with an orderly listener of the
 * deposits (the deposit topic has one queue in the tests, so a marker sent later arrives after anything sent before).
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import({TransactionTestApplication.OrderService.class, TransactionTestApplication.OrderEvents.class,
        TransactionTestApplication.PaymentTransactions.class, TransactionTestApplication.RefundTransactions.class,
        TransactionTestApplication.PaymentEvents.class, TransactionTestApplication.DepositService.class,
        TransactionTestApplication.DepositTransactions.class, TransactionTestApplication.DepositEvents.class})
public class TransactionTestApplication {

    public static final String ORDERS = "TxOrders";
    public static final String PAYMENTS = "TxPayments";
    public static final String REFUNDS = "TxRefunds";
    public static final String DEPOSITS = "TxDeposits";

    public record OrderPlaced(long orderId, String item) {
    }

    public record PaymentTaken(String paymentId, long cents) {
    }

    public record DepositReceived(String depositId, long cents) {
    }

    public record Delivered<T>(T payload, String messageId) {
    }

    @Service
    public static class OrderService {

        private final JdbcTemplate jdbc;
        private final MqTemplate mq;

        public OrderService(JdbcTemplate jdbc, MqTemplate mq) {
            this.jdbc = jdbc;
            this.mq = mq;
            jdbc.execute("CREATE TABLE IF NOT EXISTS tx_orders (id BIGINT PRIMARY KEY, item VARCHAR(100) NOT NULL)");
        }

        /** Inserts the order and publishes it; both happen or neither. Returns the message id. */
        @Transactional
        public String place(long orderId, String item) {
            jdbc.update("INSERT INTO tx_orders (id, item) VALUES (?, ?)", orderId, item);
            return mq.send(ORDERS, new OrderPlaced(orderId, item)).messageId();
        }

        /** Inserts and publishes, then fails: the row and the message must both vanish. */
        @Transactional
        public String placeThenFail(long orderId, String item, List<String> sentIds) {
            place(orderId, item);
            sentIds.add(mq.send(ORDERS, new OrderPlaced(orderId, item + " (again)")).messageId());
            throw new IllegalStateException("payment declined for order " + orderId);
        }

        /** A batch cannot take part in the transaction. */
        @Transactional
        public void placeBatch(long orderId) {
            jdbc.update("INSERT INTO tx_orders (id, item) VALUES (?, ?)", orderId, "batch");
            mq.sendBatch(ORDERS, List.of(new OrderPlaced(orderId, "a"), new OrderPlaced(orderId, "b")));
        }

        public boolean exists(long orderId) {
            return !jdbc.queryForList("SELECT id FROM tx_orders WHERE id = ?", Long.class, orderId).isEmpty();
        }
    }

    /** Order events as delivered, one at a time in queue order. */
    @Component
    public static class OrderEvents {

        public final Inbox<Delivered<OrderPlaced>> inbox = new Inbox<>();

        @MqListener(topics = ORDERS, group = "tx-order-audit", consumeMode = ConsumeMode.ORDERLY)
        void onOrder(OrderPlaced order, @Header(MqHeaders.MESSAGE_ID) String messageId) {
            inbox.add(new Delivered<>(order, messageId));
        }
    }

    /** Payment events as delivered, one at a time in queue order. */
    @Component
    public static class PaymentEvents {

        public final Inbox<Delivered<PaymentTaken>> inbox = new Inbox<>();

        @MqListener(topics = PAYMENTS, group = "tx-payment-audit", consumeMode = ConsumeMode.ORDERLY)
        void onPayment(PaymentTaken payment, @Header(MqHeaders.MESSAGE_ID) String messageId) {
            inbox.add(new Delivered<>(payment, messageId));
        }
    }

    /** Payments: the local transaction writes the payment; the check looks it up. */
    @MqTransactionListener(topics = PAYMENTS)
    public static class PaymentTransactions implements MqLocalTransactionListener<PaymentTaken> {

        public final List<String> executed = new CopyOnWriteArrayList<>();
        public final List<String> checked = new CopyOnWriteArrayList<>();
        private final JdbcTemplate jdbc;

        public PaymentTransactions(JdbcTemplate jdbc) {
            this.jdbc = jdbc;
            jdbc.execute("CREATE TABLE IF NOT EXISTS tx_payments (id VARCHAR(64) PRIMARY KEY, cents BIGINT NOT NULL)");
        }

        @Override
        public TransactionState execute(Message<PaymentTaken> message, Object arg) {
            PaymentTaken payment = message.getPayload();
            executed.add(payment.paymentId());
            TransactionState answer = (TransactionState) arg;
            if (answer != TransactionState.ROLLBACK) {
                jdbc.update("INSERT INTO tx_payments (id, cents) VALUES (?, ?)", payment.paymentId(), payment.cents());
            }
            return answer;
        }

        @Override
        public TransactionState check(Message<PaymentTaken> message) {
            String paymentId = message.getPayload().paymentId();
            checked.add(paymentId);
            return jdbc.queryForList("SELECT id FROM tx_payments WHERE id = ?", String.class, paymentId).isEmpty()
                    ? TransactionState.ROLLBACK : TransactionState.COMMIT;
        }
    }

    /** Refunds: routed by transaction type, whatever the topic; raw bodies. */
    @MqTransactionListener(types = "refund")
    public static class RefundTransactions implements MqLocalTransactionListener<byte[]> {

        public final List<String> executed = new CopyOnWriteArrayList<>();
        public final List<String> checked = new CopyOnWriteArrayList<>();

        @Override
        public TransactionState execute(Message<byte[]> message, Object arg) {
            executed.add(new String(message.getPayload()));
            return (TransactionState) arg;
        }

        @Override
        public TransactionState check(Message<byte[]> message) {
            checked.add(new String(message.getPayload()));
            return TransactionState.COMMIT;
        }
    }

    /** Books deposits in its own transactions, each with a transactional message run by {@link DepositTransactions}. */
    @Service
    public static class DepositService {

        private final MqTemplate mq;

        public DepositService(MqTemplate mq) {
            this.mq = mq;
        }

        /** Books the deposit and its message in this method's transaction; returns the message id. */
        @Transactional
        public String deposit(DepositReceived deposit) {
            return mq.sendInTransaction(DEPOSITS, deposit, null).sendResult().messageId();
        }

        /** Books the deposit and its message, then fails: the transaction rolls back. */
        @Transactional
        public void depositThenFail(DepositReceived deposit, List<String> sentIds) {
            sentIds.add(mq.sendInTransaction(DEPOSITS, deposit, null).sendResult().messageId());
            throw new IllegalStateException("deposit " + deposit.depositId() + " rejected");
        }
    }

    /** Deposits: the local transaction writes the deposit, in the caller's transaction when there is one. */
    @MqTransactionListener(topics = DEPOSITS)
    public static class DepositTransactions implements MqLocalTransactionListener<DepositReceived> {

        public final List<String> executed = new CopyOnWriteArrayList<>();
        public final List<String> checked = new CopyOnWriteArrayList<>();
        private final JdbcTemplate jdbc;

        public DepositTransactions(JdbcTemplate jdbc) {
            this.jdbc = jdbc;
            jdbc.execute("CREATE TABLE IF NOT EXISTS tx_deposits (id VARCHAR(64) PRIMARY KEY, cents BIGINT NOT NULL)");
        }

        @Override
        public TransactionState execute(Message<DepositReceived> message, Object arg) {
            DepositReceived deposit = message.getPayload();
            executed.add(deposit.depositId());
            jdbc.update("INSERT INTO tx_deposits (id, cents) VALUES (?, ?)", deposit.depositId(), deposit.cents());
            return arg instanceof TransactionState answer ? answer : TransactionState.COMMIT;
        }

        @Override
        public TransactionState check(Message<DepositReceived> message) {
            String depositId = message.getPayload().depositId();
            checked.add(depositId);
            return exists(depositId) ? TransactionState.COMMIT : TransactionState.ROLLBACK;
        }

        public boolean exists(String depositId) {
            return !jdbc.queryForList("SELECT id FROM tx_deposits WHERE id = ?", String.class, depositId).isEmpty();
        }
    }

    /** Deposits as delivered, one at a time in queue order. */
    @Component
    public static class DepositEvents {

        public final Inbox<Delivered<DepositReceived>> inbox = new Inbox<>();

        @MqListener(topics = DEPOSITS, group = "tx-deposit-audit", consumeMode = ConsumeMode.ORDERLY)
        void onDeposit(DepositReceived deposit, @Header(MqHeaders.MESSAGE_ID) String messageId) {
            inbox.add(new Delivered<>(deposit, messageId));
        }
    }
}
