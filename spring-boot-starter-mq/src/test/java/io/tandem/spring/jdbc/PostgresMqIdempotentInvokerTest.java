package io.tandem.spring.jdbc;

import io.tandem.client.ReceivedMessage;
import io.tandem.protocol.body.MessageQueue;
import io.tandem.spring.listener.MqMessageListener;
import io.tandem.testing.Postgres;
import io.tandem.testing.RequiresPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two deliveries of one message handled at the same time on PostgreSQL (two members during a rebalance): the second
 * waits on the first one's uncommitted row, then skips the listener if the first committed, or runs it if the first
 * rolled back.
 */
@RequiresPostgres
class PostgresMqIdempotentInvokerTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private final DriverManagerDataSource dataSource = new DriverManagerDataSource(
            Postgres.freshSchema("tandem_mq_idempotent_invoker"), Postgres.USER, "");
    private final JdbcTemplate jdbc = new JdbcTemplate(dataSource);
    private final MqIdempotentInvoker invoker = new MqIdempotentInvoker(jdbc,
            new DataSourceTransactionManager(dataSource), Clock.systemUTC());
    private final ExecutorService threads = Executors.newFixedThreadPool(2);
    private final CountDownLatch firstInside = new CountDownLatch(1);
    private final CountDownLatch releaseFirst = new CountDownLatch(1);
    private final AtomicInteger calls = new AtomicInteger();

    @BeforeEach
    void createTables() {
        new MqJdbcSchema(dataSource).create();
    }

    @AfterEach
    void stopThreads() throws InterruptedException {
        releaseFirst.countDown();
        threads.shutdownNow();
        assertThat(threads.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void shouldSkipTheSecondDeliveryOnceTheFirstCommitted() throws Exception {
        Future<?> first = threads.submit(() -> handle(blockingListener(false)));
        assertThat(firstInside.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        Future<?> second = threads.submit(() -> handle(message -> calls.incrementAndGet()));
        awaitARowLockWait();

        releaseFirst.countDown();

        first.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        second.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(calls).as("listener calls").hasValue(1);
        assertThat(invoker.isConsumed("billing", "order-1")).isTrue();
    }

    @Test
    void shouldRunTheSecondDeliveryWhenTheFirstRolledBack() throws Exception {
        Future<?> first = threads.submit(() -> handle(blockingListener(true)));
        assertThat(firstInside.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        Future<?> second = threads.submit(() -> handle(message -> calls.incrementAndGet()));
        awaitARowLockWait();

        releaseFirst.countDown();

        assertThat(first).failsWithin(WAIT).withThrowableThat().havingRootCause()
                .isInstanceOf(IllegalStateException.class).withMessage("payment refused");
        second.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(calls).as("the failed call and the second delivery").hasValue(2);
        assertThat(invoker.isConsumed("billing", "order-1")).isTrue();
    }

    private MqMessageListener blockingListener(boolean fail) {
        return message -> {
            calls.incrementAndGet();
            firstInside.countDown();
            assertThat(releaseFirst.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
            if (fail) {
                throw new IllegalStateException("payment refused");
            }
        };
    }

    private Void handle(MqMessageListener listener) throws Exception {
        invoker.idempotent(listener, "billing").onMessage(message("order-1"));
        return null;
    }

    /** Waits until a session of the test database waits for a lock: the second insert on the first one's row. */
    private void awaitARowLockWait() {
        await().atMost(WAIT).until(() -> jdbc.queryForObject("SELECT COUNT(*) FROM pg_stat_activity"
                + " WHERE datname = current_database() AND wait_event_type = 'Lock'"
                + " AND query LIKE 'INSERT INTO tandem_mq_consumed%'", Integer.class) > 0);
    }

    private static ReceivedMessage message(String messageId) {
        return new ReceivedMessage("Orders", new MessageQueue("Orders", "broker-a", 0), 0, 0, messageId, "offset-id",
                "{}".getBytes(StandardCharsets.UTF_8), 0, 0, Map.of(), 0, 0, null, 0, null, 0);
    }
}
