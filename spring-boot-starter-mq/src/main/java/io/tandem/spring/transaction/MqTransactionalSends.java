package io.tandem.spring.transaction;

import io.tandem.client.Message;
import io.tandem.client.producer.HalfMessage;
import io.tandem.client.producer.Producer;
import io.tandem.client.producer.TransactionState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Makes {@link io.tandem.spring.core.MqTemplate}'s sends inside a Spring transaction part of it: the message goes
 * out as a half message, its row in the {@link MqTransactionLog} is written in the same database transaction, and
 * after the transaction completed END_TRANSACTION reports its outcome: COMMIT delivers the message, ROLLBACK drops
 * it. If that report is lost (the process died between the commit and the report), the broker's check-back is
 * answered from the log.
 *
 * <p>A send joins the current transaction only if that transaction holds the log's DataSource (a JDBC or JPA
 * transaction on the application's database); inside other transactions messages are sent at once, as outside
 * any, and the first such send logs a warning.
 *
 * <p>Design note: the row is written before the half is sent, so whenever the broker holds a half its row is
 * either committed or still held by a running transaction, which is what lets {@link MqTransactionLog#resolve}
 * tell "rolled back" from "still running" without a timeout.
 *
 * <p>Thread-safe.
 */
public final class MqTransactionalSends {

    /** User property marking half messages whose outcome is in the transaction log. */
    public static final String LOG_PROPERTY = "TANDEM_TX_LOG";

    private static final Logger LOG = LoggerFactory.getLogger(MqTransactionalSends.class);

    private final Producer producer;
    private final MqTransactionLog log;
    private final List<MqEndTransactionHook> hooks;
    private final AtomicBoolean warnedForeignTransaction = new AtomicBoolean();

    /** @param hooks called in order before each END_TRANSACTION */
    public MqTransactionalSends(Producer producer, MqTransactionLog log, List<MqEndTransactionHook> hooks) {
        this.producer = Objects.requireNonNull(producer, "producer");
        this.log = Objects.requireNonNull(log, "log");
        this.hooks = List.copyOf(hooks);
    }

    /** Whether a send made now on this thread joins a transaction. */
    public boolean joinsCurrentTransaction() {
        if (!TransactionSynchronizationManager.isSynchronizationActive()
                || !TransactionSynchronizationManager.isActualTransactionActive()) {
            return false;
        }
        if (TransactionSynchronizationManager.hasResource(log.dataSource())) {
            return true;
        }
        if (warnedForeignTransaction.compareAndSet(false, true)) {
            LOG.warn("MqTemplate sent inside a transaction that does not use the application's DataSource"
                    + " (transaction '{}'); such sends are not part of the transaction",
                    TransactionSynchronizationManager.getCurrentTransactionName());
        }
        return false;
    }

    /**
     * Gives {@code message} a new transaction id and marks it, and writes its row in the current transaction; send
     * the message with {@link Producer#sendHalf} and hand the half to {@link #enlist}. Only call when
     * {@link #joinsCurrentTransaction()}.
     *
     * @return the transaction id
     */
    public String record(Message.Builder message, String topic) {
        String transactionId = newTransactionId();
        message.uniqueKey(transactionId).property(LOG_PROPERTY, "1");
        log.recordCommit(transactionId, producer.config().producerGroup(), topic);
        return transactionId;
    }

    /** Lets the current transaction's outcome decide {@code half}. */
    public void enlist(HalfMessage half) {
        pending().add(half);
    }

    private List<HalfMessage> pending() {
        Object key = this;
        @SuppressWarnings("unchecked")
        List<HalfMessage> halves = (List<HalfMessage>) TransactionSynchronizationManager.getResource(key);
        if (halves == null) {
            List<HalfMessage> created = new ArrayList<>();
            TransactionSynchronizationManager.bindResource(key, created);
            TransactionSynchronizationManager.registerSynchronization(new EndTransaction(key, created));
            halves = created;
        }
        return halves;
    }

    /** A new transaction id: 32 hex digits, the shape of the unique keys producers create. */
    static String newTransactionId() {
        UUID uuid = UUID.randomUUID();
        return String.format("%016X%016X", uuid.getMostSignificantBits(), uuid.getLeastSignificantBits());
    }

    /** Reports the outcome of one Spring transaction's halves once it completed. */
    private final class EndTransaction implements TransactionSynchronization {

        private final Object key;
        private final List<HalfMessage> halves;

        EndTransaction(Object key, List<HalfMessage> halves) {
            this.key = key;
            this.halves = halves;
        }

        @Override
        public void suspend() {
            TransactionSynchronizationManager.unbindResource(key);
        }

        @Override
        public void resume() {
            TransactionSynchronizationManager.bindResource(key, halves);
        }

        @Override
        public void afterCompletion(int status) {
            TransactionSynchronizationManager.unbindResourceIfPossible(key);
            TransactionState outcome = switch (status) {
                case STATUS_COMMITTED -> TransactionState.COMMIT;
                case STATUS_ROLLED_BACK -> TransactionState.ROLLBACK;
                default -> TransactionState.UNKNOWN;
            };
            if (outcome == TransactionState.UNKNOWN) {
                LOG.warn("The outcome of a transaction that sent {} messages is unknown; the broker will check back",
                        halves.size());
                return;
            }
            try {
                for (MqEndTransactionHook hook : hooks) {
                    hook.beforeEndTransaction(List.copyOf(halves), outcome);
                }
            } catch (RuntimeException e) {
                LOG.warn("{} of {} messages not reported ({}); the broker will check back", outcome, halves.size(),
                        e.toString());
                return;
            }
            for (HalfMessage half : halves) {
                try {
                    producer.endTransaction(half, outcome);
                } catch (RuntimeException e) {
                    LOG.warn("Could not report {} of message {}; the broker will check back", outcome,
                            half.transactionId(), e);
                }
            }
        }
    }
}
