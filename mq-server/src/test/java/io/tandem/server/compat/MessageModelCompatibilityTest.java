package io.tandem.server.compat;

import io.tandem.server.compat.Deliveries.Delivery;
import io.tandem.server.testing.RunningBroker;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageQueue;
import org.apache.rocketmq.remoting.protocol.heartbeat.MessageModel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Two push consumers of one group, clustering (sharing the queues) and broadcasting (each gets everything). */
class MessageModelCompatibilityTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final AtomicInteger NAMES = new AtomicInteger();
    private static final int QUEUES = 8;

    @RegisterExtension
    static final RunningBroker broker = RunningBroker.withDefaults();

    private RocketMqClients clients;
    private final Deliveries deliveries = new Deliveries();
    private final String topic = "compat-model-" + NAMES.incrementAndGet();
    private final String group = "compat-model-group-" + NAMES.get();

    @BeforeEach
    void createClients() {
        clients = new RocketMqClients(broker.nameServerAddress());
    }

    @AfterEach
    void shutDownClients() throws InterruptedException {
        clients.close();
    }

    @Test
    void shouldShareTheQueuesOfAClusteringGroupAndDeliverEachMessageOnce() throws Exception {
        DefaultMQProducer producer = clients.producer(group + "-producer");
        producer.createTopic(producer.getCreateTopicKey(), topic, QUEUES, Map.of());
        Map<String, Set<MessageQueue>> assignments = new ConcurrentHashMap<>();
        for (String name : List.of("c1", "c2")) {
            DefaultMQPushConsumer consumer = clients.pushConsumer(group);
            consumer.subscribe(topic, "*");
            consumer.setMessageListener(deliveries.acknowledging(name));
            consumer.setMessageQueueListener((changedTopic, all, assigned) -> {
                if (changedTopic.equals(topic)) {
                    assignments.put(name, Set.copyOf(assigned));
                }
            });
            consumer.start();
        }
        // Messages sent while the group is still rebalancing may legitimately be delivered twice.
        await().atMost(TIMEOUT).until(() -> splitsAllQueues(assignments.get("c1"), assignments.get("c2")));

        int count = 64;
        for (int i = 0; i < count; i++) {
            Message message = new Message(topic, "clustered", ("clustered-" + i).getBytes(StandardCharsets.UTF_8));
            assertThat(producer.send(message).getSendStatus()).isEqualTo(SendStatus.SEND_OK);
        }

        List<String> expected = IntStream.range(0, count).mapToObj(i -> "clustered-" + i).toList();
        await().atMost(TIMEOUT).until(() -> new HashSet<>(deliveries.bodies()).containsAll(expected));
        assertThat(deliveries.bodies()).containsExactlyInAnyOrderElementsOf(expected);
        for (String name : List.of("c1", "c2")) {
            List<Delivery> own = deliveries.of(name);
            assertThat(own).as("deliveries to %s", name).isNotEmpty();
            assertThat(own)
                    .extracting(d -> new MessageQueue(topic, d.message().getBrokerName(), d.message().getQueueId()))
                    .as("queues %s took messages from", name)
                    .allMatch(assignments.get(name)::contains);
        }
    }

    @Test
    void shouldDeliverEveryMessageToEachBroadcastingConsumer() throws Exception {
        DefaultMQProducer producer = clients.producer(group + "-producer");
        int count = 20;
        for (int i = 0; i < count; i++) {
            Message message = new Message(topic, "broadcast", ("broadcast-" + i).getBytes(StandardCharsets.UTF_8));
            assertThat(producer.send(message).getSendStatus()).isEqualTo(SendStatus.SEND_OK);
        }

        for (String name : List.of("c1", "c2")) {
            DefaultMQPushConsumer consumer = clients.pushConsumer(group);
            consumer.setMessageModel(MessageModel.BROADCASTING);
            consumer.subscribe(topic, "*");
            consumer.setMessageListener(deliveries.acknowledging(name));
            consumer.start();
        }

        List<String> expected = IntStream.range(0, count).mapToObj(i -> "broadcast-" + i).toList();
        await().atMost(TIMEOUT).until(() -> deliveries.size() >= 2 * count);
        for (String name : List.of("c1", "c2")) {
            assertThat(deliveries.of(name)).extracting(Delivery::body).as("deliveries to %s", name)
                    .containsExactlyInAnyOrderElementsOf(expected);
        }
    }

    private static boolean splitsAllQueues(Set<MessageQueue> first, Set<MessageQueue> second) {
        if (first == null || second == null || first.isEmpty() || second.isEmpty()) {
            return false;
        }
        Set<MessageQueue> union = new HashSet<>(first);
        union.addAll(second);
        return union.size() == first.size() + second.size() && union.size() == QUEUES;
    }
}
