package io.tandem.server.compat;

import io.tandem.server.compat.Deliveries.Delivery;
import io.tandem.server.testing.RunningBroker;
import org.apache.rocketmq.client.consumer.DefaultLitePullConsumer;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.MixAll;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.common.message.MessageQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A concurrent listener that always asks for a later retry: the broker redelivers through the group's retry topic with
 * growing back-off, then parks the message in the group's dead-letter topic.
 */
class RetryCompatibilityTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String TOPIC = "compat-retry";
    private static final String GROUP = "compat-retry-group";

    @RegisterExtension
    static final RunningBroker broker = RunningBroker.withDefaults();

    private RocketMqClients clients;

    @BeforeEach
    void createClients() {
        clients = new RocketMqClients(broker.nameServerAddress());
    }

    @AfterEach
    void shutDownClients() throws InterruptedException {
        clients.close();
    }

    @Test
    void shouldRedeliverWithGrowingReconsumeTimesThenMoveTheMessageToTheDeadLetterTopic() throws Exception {
        int maxReconsumeTimes = 2;
        DefaultMQProducer producer = clients.producer(GROUP + "-producer");
        Message message = new Message(TOPIC, "doomed", "order-5", "doomed".getBytes(StandardCharsets.UTF_8));
        message.putUserProperty("attempted-by", "compat");
        SendResult sent = producer.send(message);
        assertThat(sent.getSendStatus()).isEqualTo(SendStatus.SEND_OK);

        Deliveries deliveries = new Deliveries();
        DefaultMQPushConsumer consumer = clients.pushConsumer(GROUP);
        consumer.setMaxReconsumeTimes(maxReconsumeTimes);
        consumer.subscribe(TOPIC, "*");
        consumer.setMessageListener((MessageListenerConcurrently) (messages, context) -> {
            deliveries.record("c1", messages);
            return ConsumeConcurrentlyStatus.RECONSUME_LATER;
        });
        consumer.start();

        MessageExt dead = pollOne(MixAll.getDLQTopic(GROUP));

        List<Delivery> attempts = deliveries.all();
        assertThat(attempts).hasSize(maxReconsumeTimes + 1);
        assertThat(attempts).extracting(d -> d.message().getReconsumeTimes()).containsExactly(0, 1, 2);
        for (Delivery attempt : attempts) {
            MessageExt seen = attempt.message();
            assertThat(seen.getMsgId()).isEqualTo(sent.getMsgId());
            assertThat(seen.getTopic()).isEqualTo(TOPIC);
            assertThat(seen.getTags()).isEqualTo("doomed");
            assertThat(seen.getKeys()).isEqualTo("order-5");
            assertThat(seen.getUserProperty("attempted-by")).isEqualTo("compat");
            assertThat(attempt.body()).isEqualTo("doomed");
        }
        for (int i = 1; i < attempts.size(); i++) {
            // A message that failed with reconsumeTimes r comes back after delay level 3 + r.
            long backOffMs = RunningBroker.delayOfLevel(3 + i - 1).toMillis();
            assertThat(attempts.get(i).receivedAtMs() - attempts.get(i - 1).receivedAtMs())
                    .as("gap before attempt %d", i + 1).isGreaterThanOrEqualTo(backOffMs);
        }
        assertThat(dead.getMsgId()).isEqualTo(sent.getMsgId());
        assertThat(new String(dead.getBody(), StandardCharsets.UTF_8)).isEqualTo("doomed");
        assertThat(dead.getKeys()).isEqualTo("order-5");
        assertThat(dead.getUserProperty("attempted-by")).isEqualTo("compat");
    }

    /** Reads the one message of {@code topic} with a lite pull consumer assigned to all of its queues. */
    private MessageExt pollOne(String topic) throws Exception {
        DefaultLitePullConsumer reader = clients.litePullConsumer(GROUP + "-dlq-reader");
        reader.start();
        Collection<MessageQueue> queues = await().atMost(TIMEOUT).ignoreExceptions()
                .until(() -> reader.fetchMessageQueues(topic), found -> !found.isEmpty());
        reader.assign(queues);
        Queue<MessageExt> read = new ConcurrentLinkedQueue<>();
        await().atMost(TIMEOUT).until(() -> {
            read.addAll(reader.poll(200));
            return !read.isEmpty();
        });
        List<MessageExt> all = new ArrayList<>(read);
        assertThat(all).hasSize(1);
        return all.getFirst();
    }
}
