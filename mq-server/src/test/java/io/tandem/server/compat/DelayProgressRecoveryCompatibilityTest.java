package io.tandem.server.compat;

import io.tandem.server.Broker;
import io.tandem.server.config.BrokerConfig;
import io.tandem.store.MessageStore;
import io.tandem.store.ReadResult;
import io.tandem.store.StoredMessage;
import io.tandem.store.engine.CommitLogMessageStore;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.common.TopicConfig;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A broker whose delay progress is behind its log, as after a crash between deliveries and the progress write, or
 * on a replica promoted with its leader's progress of a moment earlier: it recognises the copies already delivered
 * and delivers none of them again, with the RocketMQ client sending and consuming.
 */
class DelayProgressRecoveryCompatibilityTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String TOPIC = "reminders";

    @TempDir
    Path directory;

    private BrokerConfig config() {
        return BrokerConfig.builder(directory).randomPorts().delayLevels(List.of(Duration.ofSeconds(1))).build();
    }

    private static void sendDelayed(DefaultMQProducer producer, String prefix, int byLevel, int byTime)
            throws Exception {
        for (int i = 0; i < byLevel; i++) {
            Message message = new Message(TOPIC, (prefix + "-level-" + i).getBytes(StandardCharsets.UTF_8));
            message.setDelayTimeLevel(1);
            producer.send(message);
        }
        for (int i = 0; i < byTime; i++) {
            Message message = new Message(TOPIC, (prefix + "-time-" + i).getBytes(StandardCharsets.UTF_8));
            message.setDeliverTimeMs(System.currentTimeMillis() + 1_000);
            producer.send(message);
        }
    }

    /** Sends, waits until the consumer group saw {@code expected} bodies, and stops the clients and the broker. */
    private void run(String group, ThrowingProducer sends, List<String> expected) throws Exception {
        try (Broker broker = Broker.start(config());
             RocketMqClients clients = new RocketMqClients(broker.nameServerAddress())) {
            DefaultMQAdminExt admin = new DefaultMQAdminExt(5_000);
            admin.setNamesrvAddr(broker.nameServerAddress());
            admin.setInstanceName("delay-admin-" + group);
            admin.start();
            try {
                admin.createAndUpdateTopicConfig(broker.brokerAddress(),
                        new TopicConfig(TOPIC, 2, 2));
            } finally {
                admin.shutdown();
            }
            Deliveries deliveries = new Deliveries();
            DefaultMQPushConsumer consumer = clients.pushConsumer(group);
            consumer.subscribe(TOPIC, "*");
            consumer.registerMessageListener(deliveries.acknowledging(group));
            consumer.start();
            sends.send(clients.producer("reminder-producers"));
            await().atMost(TIMEOUT).until(() -> deliveries.bodies().containsAll(expected));
        }
    }

    @FunctionalInterface
    private interface ThrowingProducer {
        void send(DefaultMQProducer producer) throws Exception;
    }

    @Test
    void shouldNotDeliverAgainWhatTheLogShowsDeliveredWhenTheProgressIsBehind() throws Exception {
        run("first", producer -> sendDelayed(producer, "early", 5, 3), List.of("early-level-0", "early-level-1",
                "early-level-2", "early-level-3", "early-level-4", "early-time-0", "early-time-1", "early-time-2"));

        // The progress as it was before those deliveries.
        Path progress = config().metadataDirectory().resolve("delay.json");
        assertThat(progress).exists();
        Files.writeString(progress, "{\"levelOffsets\":[0],\"timerLowOffset\":0,\"timerDelivered\":[]}");

        // Later messages through both queues: once they are delivered, everything before them was looked at.
        run("second", producer -> sendDelayed(producer, "late", 1, 1), List.of("late-level-0", "late-time-0"));

        Map<String, Integer> copies = new HashMap<>();
        try (MessageStore store = CommitLogMessageStore.open(config().storeConfig())) {
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> store.status().dispatchedPosition() == store.status().writePosition());
            for (int queue = 0; queue < 2; queue++) {
                ReadResult read = store.read(TOPIC, queue, 0, 256, 16 << 20);
                for (StoredMessage message : read.messages()) {
                    copies.merge(new String(message.body(), StandardCharsets.UTF_8), 1, Integer::sum);
                }
            }
        }
        assertThat(copies).hasSize(10);
        assertThat(copies.values()).containsOnly(1);
    }
}
