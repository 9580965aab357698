package io.tandem.server.compat;

import io.tandem.server.Broker;
import io.tandem.server.config.BrokerConfig;
import io.tandem.server.NameServer;
import io.tandem.server.NameServerConfig;
import io.tandem.server.cluster.ClusterConfig;
import org.apache.rocketmq.client.impl.MQClientAPIImpl;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.remoting.protocol.body.ClusterInfo;
import org.apache.rocketmq.remoting.protocol.route.BrokerData;
import org.apache.rocketmq.remoting.protocol.route.QueueData;
import org.apache.rocketmq.remoting.protocol.route.TopicRouteData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A stand-alone name server seen through the RocketMQ 5.3.3 client's name-server API, the calls {@code mqadmin}
 * makes ({@code clusterList}, {@code topicRoute}, {@code topicList}, {@code topicList -c}, {@code deleteTopic}),
 * decoded by the reference's own classes.
 */
class NameServerAdminCompatibilityTest {

    private static final long TIMEOUT_MS = 5_000;

    @TempDir
    Path directory;

    private final List<AutoCloseable> opened = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
    }

    private Broker broker(String cluster, String name, NameServer nameServer) throws IOException {
        Broker broker = Broker.start(BrokerConfig.builder(directory.resolve(name)).randomPorts().clusterName(cluster)
                .brokerName(name).store(store -> store.segmentSize(64L << 20).tailCacheSize(16L << 20))
                .cluster(ClusterConfig.builder().embeddedNameServer(false).nameServers(nameServer.address())
                        .registrationInterval(Duration.ofSeconds(1)).build())
                .build());
        opened.add(broker);
        return broker;
    }

    @Test
    void shouldAnswerTheReferenceAdminCallsOverSeveralBrokerGroups() throws Exception {
        NameServer nameServer = NameServer.start(NameServerConfig.builder().randomPort().build());
        opened.add(nameServer);
        Map<String, Broker> brokers = new TreeMap<>();
        brokers.put("broker-a", broker("payments", "broker-a", nameServer));
        brokers.put("broker-b", broker("payments", "broker-b", nameServer));
        brokers.put("broker-x", broker("audit", "broker-x", nameServer));
        try (RocketMqClients clients = new RocketMqClients(nameServer.address())) {
            DefaultMQProducer producer = clients.producer("admin-compat-producer");
            MQClientAPIImpl api = producer.getDefaultMQProducerImpl().getmQClientFactory().getMQClientAPIImpl();
            for (Broker broker : brokers.values()) {
                api.createTopic(broker.brokerAddress(), "TBW102",
                        new org.apache.rocketmq.common.TopicConfig("ledger", 4, 4, 6), TIMEOUT_MS);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> api.getTopicRouteInfoFromNameServer("ledger",
                    TIMEOUT_MS).getBrokerDatas().size() == 3);

            ClusterInfo cluster = api.getBrokerClusterInfo(TIMEOUT_MS);
            assertThat(cluster.getClusterAddrTable()).containsOnlyKeys("payments", "audit");
            assertThat(cluster.getClusterAddrTable().get("payments")).containsExactlyInAnyOrder("broker-a",
                    "broker-b");
            assertThat(cluster.getBrokerAddrTable()).containsOnlyKeys("broker-a", "broker-b", "broker-x");
            brokers.forEach((name, broker) -> assertThat(cluster.getBrokerAddrTable().get(name).selectBrokerAddr())
                    .isEqualTo(broker.brokerAddress()));

            TopicRouteData route = api.getTopicRouteInfoFromNameServer("ledger", TIMEOUT_MS);
            assertThat(route.getQueueDatas()).extracting(QueueData::getBrokerName)
                    .containsExactlyInAnyOrder("broker-a", "broker-b", "broker-x");
            assertThat(route.getQueueDatas()).allSatisfy(queues -> {
                assertThat(queues.getWriteQueueNums()).isEqualTo(4);
                assertThat(queues.getPerm()).isEqualTo(6);
            });
            assertThat(route.getBrokerDatas()).extracting(BrokerData::getCluster)
                    .containsExactlyInAnyOrder("payments", "payments", "audit");

            assertThat(api.getTopicListFromNameServer(TIMEOUT_MS).getTopicList()).contains("ledger", "TBW102");
            assertThat(api.getTopicsByCluster("audit", TIMEOUT_MS).getTopicList()).contains("ledger");
            assertThat(api.getSystemTopicList(TIMEOUT_MS).getTopicList())
                    .containsAll(Set.of("payments", "audit", "broker-a", "broker-b", "broker-x"));

            api.deleteTopicInNameServer(nameServer.address(), "audit", "ledger", TIMEOUT_MS);
            assertThat(api.getTopicRouteInfoFromNameServer("ledger", TIMEOUT_MS).getBrokerDatas())
                    .extracting(BrokerData::getBrokerName).containsExactlyInAnyOrder("broker-a", "broker-b");
        }
    }
}
