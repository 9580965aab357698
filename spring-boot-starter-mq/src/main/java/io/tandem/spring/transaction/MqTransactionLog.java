package io.tandem.spring.transaction;

import io.tandem.client.producer.TransactionState;
import io.tandem.spring.jdbc.MqJdbcSchema;
import io.tandem.spring.jdbc.MqTableCleaner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The transaction log: one row in {@value MqJdbcSchema#TRANSACTION_TABLE} of the application's database per
 * transactional message the application sent, keyed by the message's unique key: for messages sent inside a Spring
 * transaction the outcome, for those of {@link MqLocalTransactionListener}s which listener decides them.
 *
 * <p>{@link #recordCommit} runs in the application's transaction, before the half message is sent, so the row with
 * state COMMIT exists exactly when that transaction committed. {@link #resolve} answers a check-back: a COMMIT row
 * means commit; no row means the transaction rolled back or is still running. To tell those apart it inserts a
 * ROLLBACK row under the same key in a transaction of its own: the database makes that insert wait while the
 * application's transaction holds the key, then fails it with a duplicate key if that transaction committed (answer
 * COMMIT) or lets it through if it rolled back (answer ROLLBACK, settled for good: a late commit of the same key is
 * impossible). A transaction still running after the lock wait answers UNKNOWN and is asked again later.
 *
 * <p>A listener's message sent inside the application's transaction gets its row the same way
 * ({@link #recordListenerInTransaction}), and the listener's answer is written into it in that transaction
 * ({@link #recordAnswer}): the row says COMMIT or ROLLBACK, or, for an UNKNOWN answer, that the listener's
 * {@code check} decides; and it exists only if the application's transaction committed.
 *
 * <p>Thread-safe. Failure modes: the methods that write in the caller's transaction throw Spring's
 * {@link DataAccessException}s, which roll the application's transaction back; {@link #resolve} and {@link #settle}
 * answer UNKNOWN (null) when the database cannot be asked.
 */
public final class MqTransactionLog {

    /** What the log knows of a transaction. */
    public enum State {
        /** Sent inside a Spring transaction that committed. */
        COMMIT,
        /** Sent inside a Spring transaction that rolled back (settled by a check-back). */
        ROLLBACK,
        /** Decided by a local-transaction listener. */
        LISTENER
    }

    /**
     * A row of the log.
     *
     * @param transactionType the transaction type of a LISTENER entry, or null
     */
    public record Entry(State state, String topic, String transactionType) {

        /** The answer the row gives by itself: COMMIT, ROLLBACK, or null for a listener's message. */
        public TransactionState outcome() {
            return switch (state) {
                case COMMIT -> TransactionState.COMMIT;
                case ROLLBACK -> TransactionState.ROLLBACK;
                case LISTENER -> null;
            };
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(MqTransactionLog.class);
    /** Most ids in one IN list of {@link #statesInTransaction}. */
    private static final int IN_LIST_SIZE = 500;

    private final DataSource dataSource;
    private final JdbcTemplate jdbc;
    private final JdbcTemplate resolving;
    private final TransactionTemplate ownTransaction;
    private final Clock clock;

    /**
     * @param lockWait how long a check-back waits for an application transaction that still holds a message's key
     */
    public MqTransactionLog(DataSource dataSource, Duration lockWait, Clock clock) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (lockWait == null || lockWait.toSeconds() < 1) {
            throw new IllegalArgumentException("the lock wait of check-backs must be at least 1s, was " + lockWait);
        }
        this.jdbc = new JdbcTemplate(dataSource);
        this.resolving = new JdbcTemplate(dataSource);
        this.resolving.setQueryTimeout(Math.toIntExact(lockWait.toSeconds()));
        this.ownTransaction = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.ownTransaction.setIsolationLevel(TransactionDefinition.ISOLATION_READ_COMMITTED);
    }

    /** The database the log is kept in; a send joins only transactions that hold it. */
    public DataSource dataSource() {
        return dataSource;
    }

    /** Writes the COMMIT row of {@code transactionId} in the caller's transaction (joined through the DataSource). */
    public void recordCommit(String transactionId, String producerGroup, String topic) {
        insert(jdbc, transactionId, producerGroup, topic, State.COMMIT, null);
    }

    /**
     * Writes, and commits at once in a transaction of its own, that a listener decides {@code transactionId}: write it
     * before sending the message, so that no check can find the message without its row.
     *
     * @param transactionType the type the message was sent with, or null when its topic routes it
     */
    public void recordListener(String transactionId, String producerGroup, String topic, String transactionType) {
        ownTransaction.executeWithoutResult(status -> insert(jdbc, transactionId, producerGroup, topic,
                State.LISTENER, transactionType));
    }

    /**
     * Writes, in the caller's transaction, that a listener decides {@code transactionId}: for a listener's message sent
     * inside the application's transaction, before the message is sent. Until that transaction ends, check-backs wait
     * for it (see {@link #settle}); if it rolls back, the row vanishes and the message is rolled back.
     *
     * @param transactionType the type the message was sent with, or null when its topic routes it
     */
    public void recordListenerInTransaction(String transactionId, String producerGroup, String topic,
                                            String transactionType) {
        insert(jdbc, transactionId, producerGroup, topic, State.LISTENER, transactionType);
    }

    /**
     * Writes a listener's answer into the row {@link #recordListenerInTransaction} wrote, in the same (the caller's)
     * transaction: COMMIT or ROLLBACK become the row's state; UNKNOWN leaves the decision to the listener's
     * {@code check}.
     *
     * @throws IllegalStateException if the caller's transaction has no row for {@code transactionId}
     */
    public void recordAnswer(String transactionId, TransactionState answer) {
        Objects.requireNonNull(answer, "answer");
        if (answer == TransactionState.UNKNOWN) {
            return;
        }
        State state = answer == TransactionState.COMMIT ? State.COMMIT : State.ROLLBACK;
        int updated = jdbc.update("UPDATE " + MqJdbcSchema.TRANSACTION_TABLE + " SET state = ? WHERE transaction_id = ?",
                state.name(), transactionId);
        if (updated != 1) {
            throw new IllegalStateException("the transaction log has no row for " + transactionId
                    + " in the current transaction");
        }
    }

    /**
     * The outcome of the Spring transaction that sent {@code transactionId}: COMMIT, ROLLBACK, or UNKNOWN while it is
     * still running or the database cannot be asked. Called on check-back threads, never inside a caller's
     * transaction. A message whose row says a listener decides it is not answered here: UNKNOWN (use {@link #settle}
     * to learn which listener).
     */
    public TransactionState resolve(String transactionId, String producerGroup, String topic) {
        Entry settled = settle(transactionId, producerGroup, topic);
        return settled == null ? TransactionState.UNKNOWN : outcomeOrUnknown(transactionId, settled);
    }

    /**
     * The row of {@code transactionId} once the transaction that writes it has ended, as {@link #resolve} finds it:
     * the committed row, or a ROLLBACK row written now when there is none (the sending transaction rolled back); null
     * while that transaction still runs after the lock wait, or when the database cannot be asked. Called on
     * check-back threads, never inside a caller's transaction.
     */
    public Entry settle(String transactionId, String producerGroup, String topic) {
        try {
            Entry recorded = find(transactionId);
            if (recorded != null) {
                return recorded;
            }
            try {
                ownTransaction.executeWithoutResult(status -> insert(resolving, transactionId, producerGroup, topic,
                        State.ROLLBACK, null));
                LOG.info("Transaction {} has no committed row: it rolled back, or never reached the database",
                        transactionId);
                return new Entry(State.ROLLBACK, topic, null);
            } catch (DuplicateKeyException committedMeanwhile) {
                return find(transactionId);
            }
        } catch (DataAccessException e) {
            LOG.warn("Cannot tell the outcome of transaction {} yet (its transaction may still run): {}",
                    transactionId, e.getMessage());
            return null;
        }
    }

    /**
     * The rows of {@code transactionIds} as the caller's transaction sees them, its own uncommitted rows included:
     * what that transaction would commit. Ids without a row (say, rolled back to a savepoint) are missing from the
     * map.
     */
    public Map<String, State> statesInTransaction(Collection<String> transactionIds) {
        Map<String, State> states = new HashMap<>();
        List<String> ids = List.copyOf(transactionIds);
        for (int from = 0; from < ids.size(); from += IN_LIST_SIZE) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + IN_LIST_SIZE));
            jdbc.query("SELECT transaction_id, state FROM " + MqJdbcSchema.TRANSACTION_TABLE
                    + " WHERE transaction_id IN (" + String.join(", ", Collections.nCopies(chunk.size(), "?")) + ")",
                    row -> {
                        states.put(row.getString(1).strip(), State.valueOf(row.getString(2).strip()));
                    }, chunk.toArray());
        }
        return states;
    }

    /** The committed row of {@code transactionId}, or null while it has none. */
    public Entry find(String transactionId) {
        List<Entry> entries = jdbc.query("SELECT state, topic, transaction_type FROM " + MqJdbcSchema.TRANSACTION_TABLE
                + " WHERE transaction_id = ?", (row, index) -> new Entry(State.valueOf(row.getString(1).strip()),
                row.getString(2), row.getString(3)), transactionId);
        return entries.isEmpty() ? null : entries.get(0);
    }

    private static TransactionState outcomeOrUnknown(String transactionId, Entry entry) {
        TransactionState outcome = entry.outcome();
        if (outcome == null) {
            LOG.warn("Transaction {} is decided by a local-transaction listener, not by the log", transactionId);
            return TransactionState.UNKNOWN;
        }
        return outcome;
    }

    private void insert(JdbcTemplate template, String transactionId, String producerGroup, String topic, State state,
                        String transactionType) {
        template.update("INSERT INTO " + MqJdbcSchema.TRANSACTION_TABLE + " (transaction_id, producer_group, topic,"
                        + " state, transaction_type, created_at) VALUES (?, ?, ?, ?, ?, ?)", transactionId,
                producerGroup == null ? "" : producerGroup, topic == null ? "" : topic, state.name(),
                transactionType, MqTableCleaner.utc(clock.instant()));
    }
}
