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
import java.util.List;
import java.util.Objects;

/**
 * The transaction log: one row in {@value MqJdbcSchema#TRANSACTION_TABLE} of the application's database per message
 * sent inside a Spring transaction, keyed by the message's unique key.
 *
 * <p>{@link #recordCommit} runs in the application's transaction, before the half message is sent, so the row with
 * state COMMIT exists exactly when that transaction committed. {@link #resolve} answers a check-back: a COMMIT row
 * means commit; no row means the transaction rolled back or is still running. To tell those apart it inserts a
 * ROLLBACK row under the same key in a transaction of its own: the database makes that insert wait while the
 * application's transaction holds the key, then fails it with a duplicate key if that transaction committed (answer
 * COMMIT) or lets it through if it rolled back (answer ROLLBACK, settled for good: a late commit of the same key is
 * impossible). A transaction still running after the lock wait answers UNKNOWN and is asked again later.
 *
 * <p>Thread-safe. Failure modes: {@link #recordCommit} throws Spring's {@link DataAccessException}s, which roll the
 * application's transaction back; {@link #resolve} answers UNKNOWN when the database cannot be asked.
 */
public final class MqTransactionLog {

    private static final Logger LOG = LoggerFactory.getLogger(MqTransactionLog.class);

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
        jdbc.update("INSERT INTO " + MqJdbcSchema.TRANSACTION_TABLE
                        + " (transaction_id, producer_group, topic, state, created_at) VALUES (?, ?, ?, ?, ?)",
                transactionId, producerGroup, topic, TransactionState.COMMIT.name(),
                MqTableCleaner.utc(clock.instant()));
    }

    /**
     * The outcome of the transaction that sent {@code transactionId}: COMMIT, ROLLBACK, or UNKNOWN while it is still
     * running or the database cannot be asked. Called on check-back threads, never inside a caller's transaction.
     */
    public TransactionState resolve(String transactionId, String producerGroup, String topic) {
        try {
            TransactionState recorded = recorded(transactionId);
            if (recorded != null) {
                return recorded;
            }
            try {
                ownTransaction.executeWithoutResult(status -> resolving.update("INSERT INTO "
                                + MqJdbcSchema.TRANSACTION_TABLE
                                + " (transaction_id, producer_group, topic, state, created_at) VALUES (?, ?, ?, ?, ?)",
                        transactionId, producerGroup == null ? "" : producerGroup, topic == null ? "" : topic,
                        TransactionState.ROLLBACK.name(), MqTableCleaner.utc(clock.instant())));
                LOG.info("Transaction {} has no committed row: it rolled back, or never reached the database",
                        transactionId);
                return TransactionState.ROLLBACK;
            } catch (DuplicateKeyException committedMeanwhile) {
                TransactionState settled = recorded(transactionId);
                return settled == null ? TransactionState.UNKNOWN : settled;
            }
        } catch (DataAccessException e) {
            LOG.warn("Cannot tell the outcome of transaction {} yet (its transaction may still run): {}",
                    transactionId, e.getMessage());
            return TransactionState.UNKNOWN;
        }
    }

    /** The recorded outcome of {@code transactionId}, or null while it has no committed row. */
    public TransactionState recorded(String transactionId) {
        List<String> states = jdbc.queryForList("SELECT state FROM " + MqJdbcSchema.TRANSACTION_TABLE
                + " WHERE transaction_id = ?", String.class, transactionId);
        return states.isEmpty() ? null : TransactionState.valueOf(states.getFirst());
    }
}
