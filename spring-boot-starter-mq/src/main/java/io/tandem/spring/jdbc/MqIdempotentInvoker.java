package io.tandem.spring.jdbc;

import io.tandem.client.ReceivedMessage;
import io.tandem.spring.listener.MqBatchListenerFailedException;
import io.tandem.spring.listener.MqBatchMessageListener;
import io.tandem.spring.listener.MqMessageListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Makes listeners idempotent with the table {@value MqJdbcSchema#CONSUMED_TABLE} of the application's own database:
 * each message is handled in one local transaction of the application's {@link PlatformTransactionManager} that first
 * inserts the row (consumer group, message id) and then calls the listener, whose own database work joins that
 * transaction. The row therefore exists exactly when the listener's work committed, and a message that comes again
 * with the same id (the producer's unique key, kept by retries through the retry topic; a redelivery after an offset
 * commit that was lost, a rebalance, or a send the producer retried) finds it and is acknowledged without calling the
 * listener again.
 *
 * <p>A batch is handled in one transaction too: the messages whose rows exist are left out, rows are inserted for the
 * others, and the listener gets only those (it is not called when none is left).
 *
 * <p>Thread-safe. Failure modes: an exception of the listener rolls back its work and the row, and is rethrown, so the
 * container retries the message and the retry calls the listener again. A database failure is thrown the same way.
 * Two transactions inserting the same row at once (two members handed the same message during a rebalance): the
 * second waits for the first and, once it committed, fails on the duplicate key; a single message is then skipped,
 * a batch is retried and finds the row.
 *
 * <p>Design note: the row is inserted before the listener runs rather than looked up, because the database then
 * serializes concurrent deliveries of one message on its primary key; a look-up would let both run. For a batch the
 * existing rows are looked up first, because on PostgreSQL a failed insert aborts the whole transaction, so the
 * others of the batch could not go on after one duplicate.
 */
public final class MqIdempotentInvoker {

    private static final Logger LOG = LoggerFactory.getLogger(MqIdempotentInvoker.class);

    private static final String INSERT = "INSERT INTO " + MqJdbcSchema.CONSUMED_TABLE
            + " (consumer_group, message_id, consumed_at) VALUES (?, ?, ?)";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final Clock clock;

    /**
     * @param jdbc               over the DataSource {@code transactionManager} manages
     * @param transactionManager the application's, so that the listener's own work joins the same transaction
     * @param clock              the time written as {@code consumed_at}
     */
    public MqIdempotentInvoker(JdbcTemplate jdbc, PlatformTransactionManager transactionManager, Clock clock) {
        this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
        this.transactions = new TransactionTemplate(Objects.requireNonNull(transactionManager, "transactionManager"));
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * A listener that calls {@code listener} at most once per message id for {@code consumerGroup}, in a transaction
     * with the message's row; a batch listener stays a batch listener.
     */
    public MqMessageListener idempotent(MqMessageListener listener, String consumerGroup) {
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(consumerGroup, "consumerGroup");
        if (listener instanceof MqBatchMessageListener batch) {
            return new IdempotentBatchListener(batch, consumerGroup);
        }
        return new IdempotentListener(listener, consumerGroup);
    }

    /** Whether {@code consumerGroup} has handled the message {@code messageId} (and the row is not cleaned yet). */
    public boolean isConsumed(String consumerGroup, String messageId) {
        Integer rows = jdbc.queryForObject("SELECT COUNT(*) FROM " + MqJdbcSchema.CONSUMED_TABLE
                + " WHERE consumer_group = ? AND message_id = ?", Integer.class, consumerGroup, messageId);
        return rows != null && rows > 0;
    }

    private void handle(String group, ReceivedMessage message, MqMessageListener listener) throws Exception {
        Boolean handled = inTransaction(() -> {
            try {
                jdbc.update(INSERT, group, message.messageId(), now());
            } catch (DuplicateKeyException e) {
                return false;
            }
            listener.onMessage(message);
            return true;
        });
        if (!Boolean.TRUE.equals(handled)) {
            LOG.debug("Group {} consumed message {} before; acknowledged without calling {}", group,
                    message.messageId(), listener);
        }
    }

    private void handle(String group, List<ReceivedMessage> messages, MqBatchMessageListener listener)
            throws Exception {
        inTransaction(() -> {
            Map<String, ReceivedMessage> byId = new LinkedHashMap<>();
            messages.forEach(message -> byId.putIfAbsent(message.messageId(), message));
            byId.keySet().removeAll(consumed(group, byId.keySet()));
            if (byId.size() < messages.size()) {
                LOG.debug("Group {} leaves out {} of a batch of {} message(s): consumed before or repeated in it",
                        group, messages.size() - byId.size(), messages.size());
            }
            if (byId.isEmpty()) {
                return false;
            }
            LocalDateTime now = now();
            List<Object[]> rows = new ArrayList<>(byId.size());
            byId.keySet().forEach(id -> rows.add(new Object[]{group, id, now}));
            jdbc.batchUpdate(INSERT, rows);
            try {
                listener.onMessages(List.copyOf(byId.values()));
            } catch (MqBatchListenerFailedException e) {
                // the rollback undoes the work of the whole batch, so all of it must come again
                throw new IllegalStateException("idempotent batch listener " + listener + " failed on message(s) "
                        + e.indexes() + " of " + byId.size() + "; the whole batch is rolled back and retried", e);
            }
            return true;
        });
    }

    private Set<String> consumed(String group, Set<String> messageIds) {
        List<Object> arguments = new ArrayList<>(messageIds.size() + 1);
        arguments.add(group);
        arguments.addAll(messageIds);
        String placeholders = String.join(", ", Collections.nCopies(messageIds.size(), "?"));
        return new HashSet<>(jdbc.queryForList("SELECT message_id FROM " + MqJdbcSchema.CONSUMED_TABLE
                + " WHERE consumer_group = ? AND message_id IN (" + placeholders + ")", String.class,
                arguments.toArray()));
    }

    private LocalDateTime now() {
        return MqTableCleaner.utc(clock.instant());
    }

    /** Work that inserts rows, then calls a listener: it commits when it returns true, else it rolls back. */
    @FunctionalInterface
    private interface Work {
        boolean run() throws Exception;
    }

    /** Runs {@code work} in a transaction, rethrowing the listener's exception itself after the rollback. */
    private Boolean inTransaction(Work work) throws Exception {
        try {
            return transactions.execute(status -> {
                try {
                    boolean handled = work.run();
                    if (!handled) {
                        status.setRollbackOnly();
                    }
                    return handled;
                } catch (RuntimeException | Error e) {
                    throw e;
                } catch (Exception e) {
                    throw new ListenerException(e);
                }
            });
        } catch (ListenerException e) {
            throw (Exception) e.getCause();
        }
    }

    /** Carries a checked exception of a listener out of the transaction callback, which then rolls back. */
    private static final class ListenerException extends RuntimeException {
        ListenerException(Exception cause) {
            super(cause);
        }
    }

    private final class IdempotentListener implements MqMessageListener {
        private final MqMessageListener listener;
        private final String group;

        IdempotentListener(MqMessageListener listener, String group) {
            this.listener = listener;
            this.group = group;
        }

        @Override
        public void onMessage(ReceivedMessage message) throws Exception {
            handle(group, message, listener);
        }

        @Override
        public String toString() {
            return "idempotent " + listener;
        }
    }

    private final class IdempotentBatchListener implements MqBatchMessageListener {
        private final MqBatchMessageListener listener;
        private final String group;

        IdempotentBatchListener(MqBatchMessageListener listener, String group) {
            this.listener = listener;
            this.group = group;
        }

        @Override
        public void onMessages(List<ReceivedMessage> messages) throws Exception {
            handle(group, messages, listener);
        }

        @Override
        public String toString() {
            return "idempotent " + listener;
        }
    }
}
