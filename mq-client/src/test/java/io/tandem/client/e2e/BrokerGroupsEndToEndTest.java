package io.tandem.client.e2e;

import io.tandem.client.ClientConfig;
import io.tandem.client.Message;
import io.tandem.client.SendResult;
import io.tandem.client.admin.AdminClient;
import io.tandem.client.admin.TopicSettings;
import io.tandem.client.consumer.ConsumeFrom;
import io.tandem.client.consumer.PushConsumer;
import io.tandem.client.consumer.PushConsumerConfig;
import io.tandem.client.producer.Producer;
import io.tandem.client.producer.ProducerConfig;
import io.tandem.protocol.body.MessageQueue;
import io.tandem.server.Broker;
import io.tandem.server.config.BrokerConfig;
import io.tandem.server.NameServer;
import io.tandem.server.NameServerConfig;
import io.tandem.server.cluster.ClusterConfig;
import io.tandem.testing.ThreadLeaks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Tandem's client against a stand-alone name server and several broker-only broker groups. */
class BrokerGroupsEndToEndTest {

    private static final String TOPIC = "spread";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path directory;

    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final Map<String, Broker> brokers = new TreeMap<>();
    private final AtomicInteger sent = new AtomicInteger();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
        ThreadLeaks.assertNoClientThreadsLeft();
    }

    private <T extends AutoCloseable> T open(T closeable) {
        closeables.add(closeable);
        return closeable;
    }

    private void startBroker(String name, NameServer nameServer) throws IOException {
        brokers.put(name, open(Broker.start(BrokerConfig.builder(directory.resolve(name)).randomPorts()
                .brokerName(name)
                .store(store -> store.segmentSize(64L << 20).tailCacheSize(16L << 20))
                .cluster(ClusterConfig.builder().embeddedNameServer(false).nameServers(nameServer.address())
                        .registrationInterval(Duration.ofMillis(500)).build())
                .build())));
    }

    @Test
    void shouldSpreadSendsAndQueuesOverBrokerGroupsAndServeAGroupThatJoinsLive() throws Exception {
        NameServer nameServer = open(NameServer.start(NameServerConfig.builder().randomPort().build()));
        startBroker("broker-a", nameServer);
        startBroker("broker-b", nameServer);
        ClientConfig client = ClientConfig.builder(nameServer.address()).heartbeatInterval(Duration.ofSeconds(1))
                .routeRefreshInterval(Duration.ofMillis(300)).build();
        AdminClient admin = open(AdminClient.start(client));
        admin.createTopic(TopicSettings.of(TOPIC, 4));

        Producer producer = open(Producer.start(client, ProducerConfig.of("spread-producer")));
        Inbox inbox = new Inbox();
        // The periodic rebalance is far away: queue changes must come from route changes and membership news.
        PushConsumerConfig.Builder consumerConfig = PushConsumerConfig.builder("spread-consumers")
                .consumeFrom(ConsumeFrom.FIRST_OFFSET).rebalanceInterval(Duration.ofMinutes(5))
                .suspendTime(Duration.ofMillis(200));
        List<PushConsumer> consumers = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            consumers.add(open(PushConsumer.concurrent(client, consumerConfig.build(), inbox))
                    .subscribe(TOPIC, "*").start());
        }

        assertThat(brokersOf(producer.publishQueues(TOPIC))).containsExactly("broker-a", "broker-b");
        Set<String> acknowledged = new HashSet<>();
        Map<String, Integer> byBroker = send(producer, 40, acknowledged);
        assertThat(byBroker).containsOnlyKeys("broker-a", "broker-b");
        assertThat(byBroker.values()).allMatch(count -> count == 20);
        await().atMost(WAIT).until(() -> inbox.bodies().containsAll(acknowledged));
        await().atMost(WAIT).until(() -> assigned(consumers), queues -> splitExactly(queues, 8));

        startBroker("broker-c", nameServer);
        admin.createTopic(TopicSettings.of(TOPIC, 4));
        await().atMost(WAIT).until(() -> brokersOf(producer.publishQueues(TOPIC)),
                names -> names.equals(Set.of("broker-a", "broker-b", "broker-c")));
        Map<String, Integer> afterJoin = send(producer, 60, acknowledged);
        assertThat(afterJoin).containsOnlyKeys("broker-a", "broker-b", "broker-c");
        await().atMost(WAIT).until(() -> inbox.bodies().containsAll(acknowledged));
        assertThat(inbox.messages().stream().map(message -> message.queue().brokerName()).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder("broker-a", "broker-b", "broker-c");
        await().atMost(WAIT).until(() -> assigned(consumers), queues -> splitExactly(queues, 12));

        brokers.remove("broker-b").close();
        await().atMost(WAIT).until(() -> brokersOf(producer.publishQueues(TOPIC)),
                names -> names.equals(Set.of("broker-a", "broker-c")));
        Map<String, Integer> afterLeave = send(producer, 20, acknowledged);
        assertThat(afterLeave).containsOnlyKeys("broker-a", "broker-c");
        await().atMost(WAIT).until(() -> inbox.bodies().containsAll(acknowledged));
        await().atMost(WAIT).until(() -> assigned(consumers), queues -> splitExactly(queues, 8) && queues.stream()
                .noneMatch(queue -> queue.brokerName().equals("broker-b")));
    }

    private Map<String, Integer> send(Producer producer, int count, Set<String> acknowledged) {
        Map<String, Integer> byBroker = new TreeMap<>();
        for (int i = 0; i < count; i++) {
            String body = "message-" + sent.incrementAndGet();
            SendResult result = producer.send(Message.of(TOPIC, body));
            acknowledged.add(body);
            byBroker.merge(result.queue().brokerName(), 1, Integer::sum);
        }
        return byBroker;
    }

    /** {@code count} queues, each owned by exactly one consumer. */
    private static boolean splitExactly(List<MessageQueue> queues, int count) {
        return queues.size() == count && Set.copyOf(queues).size() == count;
    }

    private static Set<String> brokersOf(List<MessageQueue> queues) {
        return queues.stream().map(MessageQueue::brokerName).collect(Collectors.toCollection(java.util.TreeSet::new));
    }

    /** Every queue of the topic some consumer owns, once per owner. */
    private static List<MessageQueue> assigned(List<PushConsumer> consumers) {
        List<MessageQueue> all = new ArrayList<>();
        consumers.forEach(consumer -> all.addAll(consumer.assignedQueues()));
        return all.stream().filter(queue -> queue.topic().equals(TOPIC)).toList();
    }
}
