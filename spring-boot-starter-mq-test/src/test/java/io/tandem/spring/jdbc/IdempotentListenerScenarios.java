package io.tandem.spring.jdbc;

import io.tandem.client.Message;
import io.tandem.client.producer.Producer;
import io.tandem.spring.annotation.MqListener;
import io.tandem.spring.listener.Inbox;
import io.tandem.spring.support.MqHeaders;
import io.tandem.spring.test.EmbeddedMqBroker;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.test.annotation.DirtiesContext;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Idempotent listeners in a Spring Boot application with a database, run by a subclass per database. The listeners
 * write invoices through the application's {@code JdbcTemplate}, in the transaction the starter opens for each
 * message. Every topic has one queue and the listeners one thread, so messages are handled in send order: once a
 * message sent last was handled, every earlier one was.
 */
@SpringBootTest(classes = IdempotentListenerScenarios.App.class,
        properties = "tandem.mq.listener.idempotent.clean-interval=200ms")
@EmbeddedMqBroker(topics = {"IdemOrders", "IdemBatch"}, queues = 1,
        delayLevels = "100ms 100ms 100ms 100ms 100ms 100ms 100ms 100ms")
@DirtiesContext
abstract class IdempotentListenerScenarios {

    record Order(long id, boolean failFirst) {
    }

    @Autowired
    Producer producer;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    Billing billing;

    @Autowired
    MqIdempotentInvoker invoker;

    @Autowired
    @Qualifier("mqConsumedTableCleaner")
    MqTableCleaner cleaner;

    @Test
    void shouldHandleAMessageDeliveredAgainOnlyOnce() {
        send("IdemOrders", "order-1", new Order(1, false));
        // The same message again, as after a consumer committed its work but lost its offset commit.
        send("IdemOrders", "order-1", new Order(1, false));
        send("IdemOrders", "order-2", new Order(2, false));

        await().atMost(Inbox.WAIT).until(() -> invoices(2) == 1);
        assertThat(invoices(1)).as("invoices of order 1").isEqualTo(1);
        assertThat(billing.calls.items()).filteredOn(id -> id == 1).hasSize(1);
        assertThat(invoker.isConsumed("idem-billing", "order-1")).isTrue();
    }

    @Test
    void shouldRollBackTheWorkAndTheRecordOfAFailedCallSoTheRetryRunsOnce() {
        send("IdemOrders", "order-3", new Order(3, true));

        await().atMost(Inbox.WAIT).until(() -> invoker.isConsumed("idem-billing", "order-3"));
        assertThat(billing.calls.items()).as("failed first call, then the retry").filteredOn(id -> id == 3)
                .hasSize(2);
        assertThat(invoices(3)).as("the failed call's invoice was rolled back").isEqualTo(1);
    }

    @Test
    void shouldLeaveMessagesConsumedBeforeOutOfABatch() {
        producer.send(List.of(message("IdemBatch", "order-10", new Order(10, false)),
                message("IdemBatch", "order-11", new Order(11, false))));
        await().atMost(Inbox.WAIT).until(() -> invoices(11) == 1);

        producer.send(List.of(message("IdemBatch", "order-10", new Order(10, false)),
                message("IdemBatch", "order-12", new Order(12, false)),
                message("IdemBatch", "order-12", new Order(12, false))));
        await().atMost(Inbox.WAIT).until(() -> invoices(12) == 1);

        assertThat(billing.batches.items().stream().flatMap(List::stream).toList()).containsExactly(10L, 11L, 12L);
        assertThat(invoices(10)).isEqualTo(1);
        assertThat(invoices(12)).isEqualTo(1);
    }

    @Test
    void shouldDeleteRecordsOlderThanTheRetentionOnItsSchedule() {
        Instant now = Instant.now();
        record("idem-cleaned", "old", now.minus(8, ChronoUnit.DAYS));
        record("idem-cleaned", "recent", now.minus(6, ChronoUnit.DAYS));

        assertThat(cleaner.isRunning()).isTrue();
        await().atMost(Inbox.WAIT).until(() -> !invoker.isConsumed("idem-cleaned", "old"));
        assertThat(invoker.isConsumed("idem-cleaned", "recent")).as("within the 7 days retention").isTrue();
    }

    private void send(String topic, String uniqueKey, Order order) {
        producer.send(message(topic, uniqueKey, order));
    }

    private static Message message(String topic, String uniqueKey, Order order) {
        return Message.builder(topic).uniqueKey(uniqueKey)
                .body("{\"id\":" + order.id() + ",\"failFirst\":" + order.failFirst() + "}").build();
    }

    private void record(String group, String messageId, Instant at) {
        jdbc.update("INSERT INTO tandem_mq_consumed (consumer_group, message_id, consumed_at) VALUES (?, ?, ?)",
                group, messageId, MqTableCleaner.utc(at));
    }

    private int invoices(long orderId) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM idem_invoice WHERE order_id = ?", Integer.class, orderId);
    }

    static class Billing {
        final JdbcTemplate jdbc;
        final Inbox<Long> calls = new Inbox<>();
        final Inbox<List<Long>> batches = new Inbox<>();

        Billing(JdbcTemplate jdbc) {
            this.jdbc = jdbc;
            jdbc.execute("CREATE TABLE IF NOT EXISTS idem_invoice (order_id BIGINT NOT NULL)");
        }

        @MqListener(topics = "IdemOrders", group = "idem-billing", idempotent = true, concurrency = "1")
        void onOrder(Order order, @Header(MqHeaders.RECONSUME_TIMES) int reconsumeTimes) {
            jdbc.update("INSERT INTO idem_invoice (order_id) VALUES (?)", order.id());
            calls.add(order.id());
            if (order.failFirst() && reconsumeTimes == 0) {
                throw new IllegalStateException("order " + order.id() + " fails after writing its invoice");
            }
        }

        @MqListener(topics = "IdemBatch", group = "idem-batch", idempotent = true, batch = true, concurrency = "1")
        void onOrders(List<Order> orders) {
            orders.forEach(order -> jdbc.update("INSERT INTO idem_invoice (order_id) VALUES (?)", order.id()));
            batches.add(orders.stream().map(Order::id).toList());
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(Billing.class)
    static class App {
    }
}
