package io.tandem.spring.transaction;

import io.tandem.client.producer.TransactionState;
import io.tandem.spring.jdbc.MqJdbcSchema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What a check-back learns from the transaction log, on each database: the answer follows the application's
 * transaction, waits for one that still holds the key, and a ROLLBACK answer can never be contradicted by a late commit.
 */
abstract class MqTransactionLogKit {

    private final ExecutorService threads = Executors.newCachedThreadPool();
    private DataSource dataSource;
    private MqTransactionLog log;
    private TransactionTemplate application;

    protected abstract DataSource dataSource();

    @BeforeEach
    void createLog() {
        dataSource = dataSource();
        new MqJdbcSchema(dataSource).create();
        log = new MqTransactionLog(dataSource, Duration.ofSeconds(2), Clock.systemUTC());
        application = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    }

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    @Test
    void shouldAnswerCommitForARowTheApplicationsTransactionCommitted() {
        String id = newId();
        application.executeWithoutResult(status -> log.recordCommit(id, "orders", "Orders"));
        assertThat(log.resolve(id, "orders", "Orders")).isEqualTo(TransactionState.COMMIT);
    }

    @Test
    void shouldAnswerRollbackWhenTheApplicationsTransactionRolledBackAndRefuseALateCommit() {
        String id = newId();
        application.executeWithoutResult(status -> {
            log.recordCommit(id, "orders", "Orders");
            status.setRollbackOnly();
        });
        assertThat(log.resolve(id, "orders", "Orders")).isEqualTo(TransactionState.ROLLBACK);
        assertThat(log.resolve(id, "orders", "Orders")).isEqualTo(TransactionState.ROLLBACK);
        assertThatThrownBy(() -> application.executeWithoutResult(status -> log.recordCommit(id, "orders", "Orders")))
                .isInstanceOf(DuplicateKeyException.class);
    }

    @Test
    void shouldWaitForATransactionThatStillHoldsTheKeyAndAnswerItsCommit() throws Exception {
        assertThat(answerWhileTheTransactionRuns(false)).isEqualTo(TransactionState.COMMIT);
    }

    @Test
    void shouldWaitForATransactionThatStillHoldsTheKeyAndAnswerItsRollback() throws Exception {
        assertThat(answerWhileTheTransactionRuns(true)).isEqualTo(TransactionState.ROLLBACK);
    }

    @Test
    void shouldAnswerUnknownWhileATransactionHoldsTheKeyLongerThanTheLockWait() throws Exception {
        String id = newId();
        CountDownLatch written = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        CompletableFuture<Void> transaction = runInApplicationTransaction(id, written, finish, false);
        assertThat(written.await(10, TimeUnit.SECONDS)).isTrue();

        assertThat(log.resolve(id, "orders", "Orders")).isEqualTo(TransactionState.UNKNOWN);
        finish.countDown();
        transaction.get(10, TimeUnit.SECONDS);
        assertThat(log.resolve(id, "orders", "Orders")).isEqualTo(TransactionState.COMMIT);
    }

    /** Asks while the application's transaction holds the key, then lets it end; the answer must wait for that. */
    private TransactionState answerWhileTheTransactionRuns(boolean rollback) throws Exception {
        String id = newId();
        CountDownLatch written = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        CompletableFuture<Void> transaction = runInApplicationTransaction(id, written, finish, rollback);
        assertThat(written.await(10, TimeUnit.SECONDS)).isTrue();

        CompletableFuture<TransactionState> answer = CompletableFuture.supplyAsync(
                () -> log.resolve(id, "orders", "Orders"), threads);
        Thread.sleep(300);
        assertThat(answer).as("the check waits while the transaction runs").isNotDone();
        finish.countDown();
        transaction.get(10, TimeUnit.SECONDS);
        return answer.get(10, TimeUnit.SECONDS);
    }

    private CompletableFuture<Void> runInApplicationTransaction(String id, CountDownLatch written,
                                                                CountDownLatch finish, boolean rollback) {
        return CompletableFuture.runAsync(() -> application.executeWithoutResult(status -> {
            log.recordCommit(id, "orders", "Orders");
            written.countDown();
            try {
                assertThat(finish.await(20, TimeUnit.SECONDS)).isTrue();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (rollback) {
                status.setRollbackOnly();
            }
        }), threads);
    }

    private static String newId() {
        return UUID.randomUUID().toString();
    }
}
