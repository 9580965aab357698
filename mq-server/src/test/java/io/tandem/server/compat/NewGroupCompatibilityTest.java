package io.tandem.server.compat;

import io.tandem.server.testing.RunningBroker;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.MixAll;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A consumer group that starts with the client's default {@code CONSUME_FROM_LAST_OFFSET} after messages arrived in a
 * fresh queue: the client asks for the group's offset without {@code setZeroIfNotFound}, and the broker answers 0
 * while the queue still starts at offset 0, as the reference broker does, so the group reads those messages.
 */
class NewGroupCompatibilityTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final AtomicInteger NAMES = new AtomicInteger();

    @RegisterExtension
    static final RunningBroker broker = RunningBroker.withDefaults();

    private RocketMqClients clients;
    private final String topic = "compat-new-group-" + NAMES.incrementAndGet();
    private final String group = "compat-new-group-" + NAMES.get();

    @BeforeEach
    void createClients() {
        clients = new RocketMqClients(broker.nameServerAddress());
    }

    @AfterEach
    void shutDownClients() throws InterruptedException {
        clients.close();
    }

    @Test
    void shouldDeliverMessagesThatArrivedBeforeTheGroupStartedFromTheLastOffset() throws Exception {
        DefaultMQProducer producer = clients.producer(group + "-producer");
        List<String> early = List.of("early-1", "early-2", "early-3");
        for (String body : early) {
            assertThat(producer.send(message(topic, body)).getSendStatus()).isEqualTo(SendStatus.SEND_OK);
        }

        Deliveries deliveries = new Deliveries();
        startFromLastOffset(group + "-late", topic, deliveries);
        await().atMost(TIMEOUT).until(() -> deliveries.bodies().containsAll(early));

        SendResult marker = producer.send(message(topic, "marker"));
        assertThat(marker.getSendStatus()).isEqualTo(SendStatus.SEND_OK);
        await().atMost(TIMEOUT).until(() -> deliveries.bodies().contains("marker"));
        assertThat(deliveries.bodies()).containsExactlyInAnyOrder("early-1", "early-2", "early-3", "marker");
    }

    @Test
    void shouldDeliverDeadLettersThatArrivedBeforeTheirReaderStarted() throws Exception {
        DefaultMQProducer producer = clients.producer(group + "-producer");
        List<String> doomed = List.of("doomed-1", "doomed-2", "doomed-3");
        String brokerName = null;
        for (String body : doomed) {
            SendResult sent = producer.send(message(topic, body));
            assertThat(sent.getSendStatus()).isEqualTo(SendStatus.SEND_OK);
            brokerName = sent.getMessageQueue().getBrokerName();
        }

        DefaultMQPushConsumer failing = clients.pushConsumer(group);
        failing.setMaxReconsumeTimes(1);
        failing.subscribe(topic, "*");
        failing.setMessageListener((MessageListenerConcurrently) (messages, context) ->
                ConsumeConcurrentlyStatus.RECONSUME_LATER);
        failing.start();
        String deadLetters = MixAll.getDLQTopic(group);
        MessageQueue deadLetterQueue = new MessageQueue(deadLetters, brokerName, 0);
        await().atMost(TIMEOUT).ignoreExceptions().until(() -> producer.maxOffset(deadLetterQueue) == doomed.size());

        Deliveries deliveries = new Deliveries();
        startFromLastOffset(group + "-dlq-reader", deadLetters, deliveries);
        await().atMost(TIMEOUT).until(() -> deliveries.size() >= doomed.size());
        assertThat(deliveries.bodies()).containsExactlyInAnyOrderElementsOf(doomed);
        assertThat(deliveries.all()).allSatisfy(d -> assertThat(d.message().getTopic()).isEqualTo(deadLetters));
    }

    /** A push consumer that starts where the client starts by default: {@code CONSUME_FROM_LAST_OFFSET}. */
    private void startFromLastOffset(String consumerGroup, String subscribed, Deliveries deliveries) throws Exception {
        DefaultMQPushConsumer consumer = clients.pushConsumer(consumerGroup);
        consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_LAST_OFFSET);
        consumer.subscribe(subscribed, "*");
        consumer.setMessageListener(deliveries.acknowledging(consumerGroup));
        consumer.start();
    }

    private static Message message(String topic, String body) {
        return new Message(topic, "new-group", body.getBytes(StandardCharsets.UTF_8));
    }
}
