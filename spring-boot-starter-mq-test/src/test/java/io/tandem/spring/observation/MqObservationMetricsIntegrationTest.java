package io.tandem.spring.observation;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.tandem.spring.annotation.MqDlqHandler;
import io.tandem.spring.annotation.MqListener;
import io.tandem.spring.core.MqTemplate;
import io.tandem.spring.listener.Inbox;
import io.tandem.spring.support.MqHeaders;
import io.tandem.spring.test.EmbeddedMqBroker;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The meters an application with Spring Boot's actuator gets from sends, listener calls, retries and dead letters. */
@SpringBootTest(classes = MqObservationMetricsIntegrationTest.App.class)
@EmbeddedMqBroker(topics = {"MeteredOrders", "MeteredPoison"}, delayLevels = "100ms 100ms 100ms 100ms")
@DirtiesContext
class MqObservationMetricsIntegrationTest {

    @Autowired
    MqTemplate template;

    @Autowired
    MeterRegistry meters;

    @Autowired
    Listeners listeners;

    @Test
    void shouldTimeSendsAndListenerCalls() {
        template.send("MeteredOrders", "order-1");
        template.sendAsync("MeteredOrders", "order-2").join();

        listeners.orders.awaitAtLeast(2);
        assertThat(meters.get("tandem.mq.send").tag("messaging.destination.name", "MeteredOrders")
                .tag("messaging.system", "tandem").tag("error", "none").timer().count()).isEqualTo(2);
        await().atMost(Inbox.WAIT).untilAsserted(() -> assertThat(meters.get("tandem.mq.process")
                .tag("messaging.destination.name", "MeteredOrders").tag("messaging.consumer.group.name", "metered")
                .tag("tandem.mq.listener.id", "metered").tag("error", "none").timer().count()).isEqualTo(2));
        assertThat(meters.find("tandem.mq.process.redeliveries").tag("tandem.mq.listener.id", "metered").counter())
                .isNull();
    }

    @Test
    void shouldCountFailuresRedeliveriesAndDeadLetters() {
        template.send("MeteredPoison", "poison-1");

        listeners.deadLetters.awaitAtLeast(1);
        await().atMost(Inbox.WAIT).untilAsserted(() -> {
            Timer failed = meters.get("tandem.mq.process").tag("tandem.mq.listener.id", "metered-poison")
                    .tag("messaging.destination.name", "MeteredPoison").tag("error", "IllegalStateException").timer();
            assertThat(failed.count()).as("first delivery and one redelivery").isEqualTo(2);
            Counter redeliveries = meters.get("tandem.mq.process.redeliveries")
                    .tag("tandem.mq.listener.id", "metered-poison").counter();
            assertThat(redeliveries.count()).isEqualTo(1);
            Counter deadLetters = meters.get("tandem.mq.process.dead.letters")
                    .tag("tandem.mq.listener.id", "metered-poison")
                    .tag("messaging.consumer.group.name", "metered-poison").counter();
            assertThat(deadLetters.count()).isEqualTo(1);
            Timer handled = meters.get("tandem.mq.process").tag("tandem.mq.listener.id", "metered-poison.dlq")
                    .tag("messaging.destination.name", "%DLQ%metered-poison")
                    .tag("messaging.consumer.group.name", "metered-poison-dlq").tag("error", "none").timer();
            assertThat(handled.count()).isEqualTo(1);
        });
        assertThat(meters.find("tandem.mq.process.redeliveries").tag("tandem.mq.listener.id", "metered-poison.dlq")
                .counter()).as("a dead letter's failed deliveries are the original listener's").isNull();
    }

    static class Listeners {

        final Inbox<String> orders = new Inbox<>();
        final Inbox<Integer> deadLetters = new Inbox<>();

        @MqListener(id = "metered", topics = "MeteredOrders", group = "metered")
        void onOrder(String order) {
            orders.add(order);
        }

        @MqListener(id = "metered-poison", topics = "MeteredPoison", group = "metered-poison",
                maxReconsumeTimes = "1")
        void onPoison(String order) {
            throw new IllegalStateException("cannot process " + order);
        }

        @MqDlqHandler(listener = "metered-poison")
        void onDeadLetter(String order, @Header(MqHeaders.RECONSUME_TIMES) int failedDeliveries) {
            deadLetters.add(failedDeliveries);
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(Listeners.class)
    static class App {
    }
}
