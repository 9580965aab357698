package io.tandem.server.compat;

import io.tandem.protocol.RemotingCommand;
import io.tandem.protocol.RequestCode;
import io.tandem.protocol.ResponseCode;
import io.tandem.protocol.header.CreateTopicRequestHeader;
import io.tandem.protocol.header.EndTransactionRequestHeader;
import io.tandem.protocol.header.SendMessageResponseHeader;
import io.tandem.protocol.header.TransactionResolution;
import io.tandem.protocol.header.UpdateConsumerOffsetRequestHeader;
import io.tandem.protocol.message.OffsetMessageId;
import io.tandem.server.Broker;
import io.tandem.server.cluster.ClusterConfig;
import io.tandem.server.config.BrokerConfig;
import io.tandem.server.consume.ConsumerOffsets;
import io.tandem.server.metadata.Topics;
import io.tandem.server.replication.ReplicationConfig;
import io.tandem.server.replication.ReplicationMode;
import io.tandem.server.support.RawClient;
import io.tandem.server.support.StoredBodies;
import io.tandem.server.support.Requests;
import io.tandem.store.MessageStore;
import io.tandem.store.engine.CommitLogMessageStore;
import org.apache.rocketmq.client.exception.MQBrokerException;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * A replicated broker group in one JVM: a leader (with the embedded name server) and two replicas copying its log
 * over the replication stream, the unmodified RocketMQ client sending to the leader.
 */
class ReplicatedGroupCompatibilityTest {

    private static final String TOPIC = "orders";

    @TempDir
    Path directory;

    private final List<AutoCloseable> opened = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
    }

    private BrokerConfig config(String member, ClusterConfig cluster, ReplicationConfig replication) {
        return BrokerConfig.builder(directory.resolve(member)).randomPorts().brokerName("broker-a")
                .clusterName("c1").cluster(cluster).replication(replication)
                .store(store -> store.segmentSize(16L << 20).tailCacheSize(16L << 20)).build();
    }

    private static ReplicationConfig.Builder fast(ReplicationConfig.Builder builder) {
        return builder.heartbeatInterval(Duration.ofMillis(100)).peerTimeout(Duration.ofSeconds(2))
                .metadataInterval(Duration.ofMillis(200)).reconnectDelay(Duration.ofMillis(100));
    }

    private Broker start(BrokerConfig config) throws IOException {
        Broker broker = Broker.start(config);
        opened.add(broker);
        return broker;
    }

    private BrokerConfig replicaConfig(Broker leader, int brokerId) {
        return config("replica-" + brokerId, ClusterConfig.builder().embeddedNameServer(false)
                        .nameServers(leader.nameServerAddress()).registrationInterval(Duration.ofMillis(500)).build(),
                fast(ReplicationConfig.builder().replica(brokerId, "127.0.0.1:" + leader.replication().port()))
                        .build());
    }

    private static void call(Broker broker, RemotingCommand.Builder request) throws IOException {
        try (RawClient client = new RawClient(broker.brokerAddress())) {
            assertThat(client.call(request).code()).isEqualTo(ResponseCode.SUCCESS);
        }
    }

    private static void createTopic(Broker broker) throws IOException {
        call(broker, RemotingCommand.request(RequestCode.UPDATE_AND_CREATE_TOPIC)
                .extFields(new CreateTopicRequestHeader(TOPIC, "TBW102", 2, 2, 6, "SINGLE_TAG", 0, false)
                        .toExtFields()));
    }

    /** The bodies of every message of the topic in a stopped broker's store. */
    private static Set<String> bodiesIn(BrokerConfig config) throws IOException {
        return StoredBodies.of(config.storeConfig(), TOPIC, 2, Duration.ofSeconds(10));
    }

    private static Set<String> send(DefaultMQProducer producer, String prefix, int count) throws Exception {
        Set<String> acknowledged = new HashSet<>();
        for (int i = 0; i < count; i++) {
            String body = prefix + "-" + i;
            SendResult result = producer.send(new Message(TOPIC, body.getBytes(StandardCharsets.UTF_8)));
            assertThat(result.getSendStatus()).isEqualTo(SendStatus.SEND_OK);
            acknowledged.add(body);
        }
        return acknowledged;
    }

    @Test
    void syncGroupAcknowledgesOnlyWhatAReplicaHoldsAndRefusesSendsBelowMinInSync() throws Exception {
        BrokerConfig leaderConfig = config("leader", ClusterConfig.EMBEDDED, fast(ReplicationConfig.builder().leader(0)
                .mode(ReplicationMode.SYNC).minInSync(2).syncTimeout(Duration.ofSeconds(2))).build());
        Broker leader = start(leaderConfig);
        createTopic(leader);
        BrokerConfig firstConfig = replicaConfig(leader, 1);
        BrokerConfig secondConfig = replicaConfig(leader, 2);
        Broker first = start(firstConfig);
        Broker second = start(secondConfig);
        await().atMost(Duration.ofSeconds(10)).until(() -> leader.replication().inSyncCount() == 3);

        RocketMqClients clients = new RocketMqClients(leader.nameServerAddress());
        opened.add(clients);
        DefaultMQProducer producer = clients.producer("replicated-producer");
        producer.setRetryTimesWhenSendFailed(0);
        Set<String> acknowledged = send(producer, "all-three", 100);
        call(leader, RemotingCommand.request(RequestCode.UPDATE_CONSUMER_OFFSET).extFields(
                new UpdateConsumerOffsetRequestHeader("billing", TOPIC, 1, 42, "broker-a").toExtFields()));

        // One replica stops: the leader and the other are still two, sends go on.
        second.close();
        await().atMost(Duration.ofSeconds(10)).until(() -> leader.replication().inSyncCount() == 2);
        acknowledged.addAll(send(producer, "two-of-three", 50));

        // The other stops too: a send is refused, naming why, and is not acknowledged.
        first.close();
        await().atMost(Duration.ofSeconds(10)).until(() -> leader.replication().inSyncCount() == 1);
        assertThatThrownBy(() -> producer.send(new Message(TOPIC, "alone".getBytes(StandardCharsets.UTF_8)),
                new MessageQueue(TOPIC, "broker-a", 0)))
                .isInstanceOf(MQBrokerException.class)
                .hasMessageContaining("min-in-sync=2")
                .hasMessageContaining("1 are");
        leader.close();

        // Every acknowledged message is in the first replica's log, which stopped before the last 50 only when the
        // second still held them: between the two replicas, each acknowledged send is kept.
        Set<String> inFirst = bodiesIn(firstConfig);
        Set<String> inSecond = bodiesIn(secondConfig);
        assertThat(inFirst).containsAll(acknowledged);
        assertThat(inSecond).containsAll(send0(acknowledged, "all-three"));
        assertThat(inFirst).doesNotContain("alone");
        // The metadata came along: the topic and the committed offset.
        assertThat(new Topics(firstConfig.metadataDirectory()).contains(TOPIC)).isTrue();
        assertThat(new ConsumerOffsets(firstConfig.metadataDirectory()).committed("billing", TOPIC, 1))
                .hasValue(42);
    }

    private static Set<String> send0(Set<String> bodies, String prefix) {
        Set<String> matching = new HashSet<>();
        bodies.stream().filter(body -> body.startsWith(prefix + "-")).forEach(matching::add);
        return matching;
    }

    @Test
    void asyncReplicaCatchesUpAndResumesFromItsOwnEndAfterARestart() throws Exception {
        BrokerConfig leaderConfig = config("leader", ClusterConfig.EMBEDDED,
                fast(ReplicationConfig.builder().leader(0).mode(ReplicationMode.ASYNC)).build());
        Broker leader = start(leaderConfig);
        createTopic(leader);
        RocketMqClients clients = new RocketMqClients(leader.nameServerAddress());
        opened.add(clients);
        DefaultMQProducer producer = clients.producer("async-producer");
        // Sent before any replica exists: async acknowledges on the leader alone.
        Set<String> acknowledged = send(producer, "before", 100);

        BrokerConfig replicaConfig = replicaConfig(leader, 1);
        Broker replica = start(replicaConfig);
        await().atMost(Duration.ofSeconds(10)).until(() -> caughtUp(leader, 1));
        replica.close();
        opened.remove(replica);
        long copiedBefore;
        try (MessageStore store = CommitLogMessageStore.open(replicaConfig.storeConfig())) {
            copiedBefore = store.status().writePosition();
        }
        assertThat(copiedBefore).isPositive();

        acknowledged.addAll(send(producer, "while-down", 100));
        Broker restarted = start(replicaConfig);
        await().atMost(Duration.ofSeconds(10)).until(() -> caughtUp(leader, 1));
        // A replica takes no sends of its own.
        try (RawClient client = new RawClient(restarted.brokerAddress())) {
            RemotingCommand response = client.call(RemotingCommand.request(RequestCode.SEND_MESSAGE_V2)
                    .body("refused".getBytes(StandardCharsets.UTF_8)));
            assertThat(response.code()).isEqualTo(ResponseCode.SERVICE_NOT_AVAILABLE);
            assertThat(response.remark()).contains("is replica 1", "send to the leader");
        }
        restarted.close();
        leader.close();
        assertThat(bodiesIn(replicaConfig)).isEqualTo(bodiesIn(leaderConfig)).containsAll(acknowledged);
    }

    @Test
    void topicCreatedOnTheLeaderReachesTheReplicaAtOnceNotAtTheNextPeriodicSnapshot() throws Exception {
        // The periodic snapshot is an hour away: only the change itself can bring the topic to the replica, which a
        // failover right after the topic was created would otherwise make the leader without it.
        Duration hour = Duration.ofHours(1);
        Broker leader = start(config("leader", ClusterConfig.EMBEDDED,
                fast(ReplicationConfig.builder().leader(0).mode(ReplicationMode.ASYNC)).metadataInterval(hour)
                        .build()));
        Broker replica = start(replicaConfig(leader, 1));
        await().atMost(Duration.ofSeconds(10)).until(() -> leader.replication().replicas().stream()
                .anyMatch(r -> r.brokerId() == 1));
        assertThat(topicConfigs(replica)).doesNotContain(TOPIC);

        createTopic(leader);

        await("the topic in the replica's table").atMost(Duration.ofSeconds(10))
                .until(() -> topicConfigs(replica).contains("\"" + TOPIC + "\""));
    }

    /** GET_ALL_TOPIC_CONFIG's body: the broker's topic table as JSON. */
    private static String topicConfigs(Broker broker) throws IOException {
        try (RawClient client = new RawClient(broker.brokerAddress())) {
            RemotingCommand answer = client.call(RemotingCommand.request(RequestCode.GET_ALL_TOPIC_CONFIG));
            assertThat(answer.code()).as(answer.remark()).isEqualTo(ResponseCode.SUCCESS);
            return new String(answer.body(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void replicaRefusesTransactionDecisionsSoOnlyTheLeaderAppendsThem() throws Exception {
        BrokerConfig leaderConfig = config("leader", ClusterConfig.EMBEDDED,
                fast(ReplicationConfig.builder().leader(0).mode(ReplicationMode.ASYNC)).build());
        Broker leader = start(leaderConfig);
        createTopic(leader);
        BrokerConfig replicaConfig = replicaConfig(leader, 1);
        Broker replica = start(replicaConfig);
        SendMessageResponseHeader half;
        try (RawClient producer = new RawClient(leader.brokerAddress())) {
            RemotingCommand stored = producer.call(Requests.send(TOPIC, 0, Map.of("TRAN_MSG", "true", "PGROUP", "pg"),
                    "in-doubt".getBytes(StandardCharsets.UTF_8)));
            assertThat(stored.code()).as(stored.remark()).isEqualTo(ResponseCode.SUCCESS);
            half = SendMessageResponseHeader.from(stored);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> caughtUp(leader, 1));
        long replicaEnd = replica.replication().logEnd();

        // The half is in the replica's copy, but a decision there would append to a log only its leader writes.
        try (RawClient client = new RawClient(replica.brokerAddress())) {
            RemotingCommand refused = client.call(commit(half));
            assertThat(refused.code()).isEqualTo(ResponseCode.SERVICE_NOT_AVAILABLE);
            assertThat(refused.remark()).contains("is member 1", "not its leader", "broker id 0");
        }
        assertThat(replica.replication().logEnd()).isEqualTo(replicaEnd);

        // The leader decides it; the replica copies the decision with the rest of the log.
        try (RawClient client = new RawClient(leader.brokerAddress())) {
            RemotingCommand decided = client.call(commit(half));
            assertThat(decided.code()).as(decided.remark()).isEqualTo(ResponseCode.SUCCESS);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> caughtUp(leader, 1)
                && replica.replication().logEnd() > replicaEnd);
        replica.close();
        leader.close();
        assertThat(bodiesIn(replicaConfig)).containsExactly("in-doubt").isEqualTo(bodiesIn(leaderConfig));
    }

    private static RemotingCommand.Builder commit(SendMessageResponseHeader half) {
        EndTransactionRequestHeader header = new EndTransactionRequestHeader("pg", half.queueOffset(),
                OffsetMessageId.decode(half.msgId()).commitLogOffset(), TransactionResolution.COMMIT, false,
                half.transactionId(), half.transactionId(), null, null);
        return RemotingCommand.request(RequestCode.END_TRANSACTION).extFields(header.toExtFields());
    }

    private static boolean caughtUp(Broker leader, long brokerId) {
        return leader.replication().replicas().stream().filter(r -> r.brokerId() == brokerId)
                .anyMatch(r -> r.lagBytes() == 0 && r.ackedPosition() > 0);
    }

}
