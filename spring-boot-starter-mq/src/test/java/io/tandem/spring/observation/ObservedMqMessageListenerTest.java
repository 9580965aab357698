package io.tandem.spring.observation;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.tandem.client.ReceivedMessage;
import io.tandem.protocol.body.MessageQueue;
import io.tandem.spring.listener.MqMessageListener;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ObservedMqMessageListenerTest {

    private final MeterRegistry meters = new SimpleMeterRegistry();
    private final ObservationRegistry registry = ObservationRegistry.create();

    ObservedMqMessageListenerTest() {
        registry.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
    }

    @Test
    void shouldTimeEachCallWithTheTopicGroupAndListener() throws Exception {
        MqMessageListener listener = ObservedMqMessageListener.listener(message -> { }, "billing", "billing", 2,
                registry, null);

        listener.onMessage(message("Orders", 0));
        listener.onMessage(message("Orders", 0));

        assertThat(meters.get("tandem.mq.process").tag("messaging.destination.name", "Orders")
                .tag("messaging.consumer.group.name", "billing").tag("tandem.mq.listener.id", "billing")
                .tag("messaging.operation.type", "process").tag("error", "none").timer().count()).isEqualTo(2);
        assertThat(meters.find("tandem.mq.process.redeliveries").counter()).isNull();
        assertThat(meters.find("tandem.mq.process.dead.letters").counter()).isNull();
    }

    @Test
    void shouldCountRedeliveriesAndTheFailureOfTheLastAllowedDelivery() {
        IllegalStateException failure = new IllegalStateException("no stock");
        MqMessageListener listener = ObservedMqMessageListener.listener(message -> {
            throw failure;
        }, "billing", "billing", 2, registry, null);

        for (int reconsumeTimes = 0; reconsumeTimes <= 2; reconsumeTimes++) {
            ReceivedMessage delivery = message("Orders", reconsumeTimes);
            assertThatThrownBy(() -> listener.onMessage(delivery)).isSameAs(failure);
        }

        assertThat(meters.get("tandem.mq.process").tag("error", "IllegalStateException").timer().count())
                .isEqualTo(3);
        assertThat(meters.get("tandem.mq.process.redeliveries").tag("tandem.mq.listener.id", "billing").counter()
                .count()).isEqualTo(2);
        assertThat(meters.get("tandem.mq.process.dead.letters").tag("tandem.mq.listener.id", "billing")
                .tag("messaging.destination.name", "Orders").counter().count())
                .as("only the failure with 2 failed deliveries before it sends the message to the DLQ").isEqualTo(1);
    }

    @Test
    void shouldNotCountDeadLettersOfListenersWithoutDeadLetterQueue() {
        MqMessageListener listener = ObservedMqMessageListener.listener(message -> {
            throw new IllegalStateException("no stock");
        }, "audit", "audit", -1, registry, null);

        assertThatThrownBy(() -> listener.onMessage(message("Orders", 0))).isInstanceOf(IllegalStateException.class);

        assertThat(meters.find("tandem.mq.process.dead.letters").counter()).isNull();
    }

    @Test
    void shouldObserveADeadLetterHandlerWithoutCountingTheOriginalFailures() throws Exception {
        MqMessageListener handler = ObservedMqMessageListener.deadLetterHandler(message -> { }, "billing.dlq",
                "billing-dlq", registry, null);

        handler.onMessage(message("%DLQ%billing", 16));

        assertThat(meters.get("tandem.mq.process").tag("tandem.mq.listener.id", "billing.dlq")
                .tag("messaging.destination.name", "%DLQ%billing").tag("messaging.consumer.group.name", "billing-dlq")
                .timer().count()).isEqualTo(1);
        assertThat(meters.find("tandem.mq.process.redeliveries").counter()).isNull();
    }

    @Test
    void shouldUseTheApplicationsConvention() throws Exception {
        MqListenerObservationConvention convention = new DefaultMqListenerObservationConvention() {
            @Override
            public String getName() {
                return "billing.calls";
            }
        };
        MqMessageListener listener = ObservedMqMessageListener.listener(message -> { }, "billing", "billing", 2,
                registry, convention);

        listener.onMessage(message("Orders", 0));

        assertThat(meters.get("billing.calls").tag("tandem.mq.listener.id", "billing").timer().count()).isEqualTo(1);
    }

    private static ReceivedMessage message(String topic, int reconsumeTimes) {
        return new ReceivedMessage(topic, new MessageQueue(topic, "broker-a", 0), 7, 4096, "id-1", "offset-id",
                "order".getBytes(StandardCharsets.UTF_8), 0, 0, Map.of(), reconsumeTimes, 1L, null, 2L, null, 0);
    }
}
