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
import java.util.Map;
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
 * <p>{@code sendInTransaction} inside such a transaction takes part the same way ({@link #recordLocal}): the
 * listener's {@code execute} runs in the caller's transaction, its answer is written into the message's row there
 * ({@link #recordAnswer}), and the message is decided when the transaction ends: committed only if the transaction
 * committed and the listener answered COMMIT, rolled back if either said no, left to the listener's {@code check}
 * if it answered UNKNOWN.
 *
 * <p>A send joins the current transaction only if that transaction holds the log's DataSource (a JDBC or JPA
 * transaction on the application's database); inside other transactions messages are sent at once, as outside
 * any, and the first such send logs a warning.
 *
 * <p>Design note: the row is written before the half is sent, so whenever the broker holds a half its row is
 * either committed or still held by a running transaction, which is what lets {@link MqTransactionLog#resolve}
 * tell "rolled back" from "still running" without a timeout. What END_TRANSACTION reports after a commit is read
 * back from those rows just before the commit, in the transaction: a row rolled back to a savepoint (a nested
 * transaction that failed inside one that commits) then reports ROLLBACK, as a check-back would answer.
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

    /** Whether a send made now on this thread joins a transaction; warns once about sends in foreign ones. */
    public boolean joinsCurrentTransaction() {
        CallerTransaction transaction = callerTransaction();
        if (transaction == CallerTransaction.FOREIGN && warnedForeignTransaction.compareAndSet(false, true)) {
            LOG.warn("MqTemplate sent inside a transaction that does not use the application's DataSource"
                    + " (transaction '{}'); such sends are not part of the transaction",
                    CallerTransaction.currentName());
        }
        return transaction == CallerTransaction.JOINABLE;
    }

    /** The calling thread's transaction, relative to the log's DataSource. */
    public CallerTransaction callerTransaction() {
        return CallerTransaction.current(log.dataSource());
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

    /**
     * {@link #record} for a message whose local-transaction listener runs in the current transaction: its row says
     * that the listener decides, until {@link #recordAnswer} writes the listener's answer. Send the message with
     * {@link Producer#sendHalf}, {@link #enlist} the half, then run the listener. Only call when
     * {@link #callerTransaction()} is {@link CallerTransaction#JOINABLE}.
     *
     * @param transactionType the type the message is sent with, or null when its topic routes it
     * @return the transaction id
     */
    public String recordLocal(Message.Builder message, String topic, String transactionType) {
        String transactionId = newTransactionId();
        message.uniqueKey(transactionId).property(LOG_PROPERTY, "1");
        if (transactionType != null) {
            message.property(MqTransactionChecks.TYPE_PROPERTY, transactionType);
        }
        log.recordListenerInTransaction(transactionId, producer.config().producerGroup(), topic, transactionType);
        return transactionId;
    }

    /** Writes the listener's answer for a message of {@link #recordLocal} in the current transaction. */
    public void recordAnswer(String transactionId, TransactionState answer) {
        log.recordAnswer(transactionId, answer);
    }

    /** Lets the current transaction's outcome (and the half's row) decide {@code half}. */
    public void enlist(HalfMessage half) {
        pending().halves.add(half);
    }

    private EndTransaction pending() {
        Object key = this;
        EndTransaction pending = (EndTransaction) TransactionSynchronizationManager.getResource(key);
        if (pending == null) {
            pending = new EndTransaction(key);
            TransactionSynchronizationManager.bindResource(key, pending);
            TransactionSynchronizationManager.registerSynchronization(pending);
        }
        return pending;
    }

    /** A new transaction id: 32 hex digits, the shape of the unique keys producers create. */
    static String newTransactionId() {
        UUID uuid = UUID.randomUUID();
        return String.format("%016X%016X", uuid.getMostSignificantBits(), uuid.getLeastSignificantBits());
    }

    /** Reports the outcome of one Spring transaction's halves once it completed. */
    private final class EndTransaction implements TransactionSynchronization {

        private final Object key;
        private final List<HalfMessage> halves = new ArrayList<>();
        /** The rows of the halves as the transaction was about to commit them; null until then. */
        private Map<String, MqTransactionLog.State> committing;

        EndTransaction(Object key) {
            this.key = key;
        }

        @Override
        public void suspend() {
            TransactionSynchronizationManager.unbindResource(key);
        }

        @Override
        public void resume() {
            TransactionSynchronizationManager.bindResource(key, this);
        }

        @Override
        public void beforeCommit(boolean readOnly) {
            committing = log.statesInTransaction(halves.stream().map(HalfMessage::transactionId).toList());
        }

        @Override
        public void afterCompletion(int status) {
            TransactionSynchronizationManager.unbindResourceIfPossible(key);
            TransactionState outcome = switch (status) {
                case STATUS_COMMITTED -> TransactionState.COMMIT;
                case STATUS_ROLLED_BACK -> TransactionState.ROLLBACK;
                default -> TransactionState.UNKNOWN;
            };
            if (outcome == TransactionState.UNKNOWN || (outcome == TransactionState.COMMIT && committing == null)) {
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
                TransactionState decision = outcome == TransactionState.COMMIT ? committed(half) : outcome;
                if (decision == TransactionState.UNKNOWN) {
                    LOG.debug("Message {}: its listener answered UNKNOWN; its check decides", half.transactionId());
                    continue;
                }
                try {
                    producer.endTransaction(half, decision);
                } catch (RuntimeException e) {
                    LOG.warn("Could not report {} of message {}; the broker will check back", decision,
                            half.transactionId(), e);
                }
            }
        }

        /** What the committed row of {@code half} says: no row (rolled back to a savepoint) is ROLLBACK. */
        private TransactionState committed(HalfMessage half) {
            MqTransactionLog.State state = committing.get(half.transactionId());
            if (state == null) {
                return TransactionState.ROLLBACK;
            }
            return switch (state) {
                case COMMIT -> TransactionState.COMMIT;
                case ROLLBACK -> TransactionState.ROLLBACK;
                case LISTENER -> TransactionState.UNKNOWN;
            };
        }
    }
}
