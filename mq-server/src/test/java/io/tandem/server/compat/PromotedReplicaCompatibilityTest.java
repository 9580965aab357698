package io.tandem.server.compat;

import io.tandem.protocol.txn.EndOfChecks;
import io.tandem.server.Broker;
import io.tandem.server.NameServer;
import io.tandem.server.NameServerConfig;
import io.tandem.server.auth.AuthConfig;
import io.tandem.server.cluster.ClusterConfig;
import io.tandem.server.config.BrokerConfig;
import io.tandem.server.consume.ConsumerOffsets;
import io.tandem.server.replication.ReplicationConfig;
import io.tandem.server.replication.ReplicationMode;
import io.tandem.server.support.StoredBodies;
import io.tandem.server.txn.CheckBackPolicy;
import io.tandem.server.txn.TransactionTable;
import org.apache.rocketmq.acl.common.AclClientRPCHook;
import org.apache.rocketmq.acl.common.SessionCredentials;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.exception.MQBrokerException;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.LocalTransactionState;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.client.producer.TransactionListener;
import org.apache.rocketmq.client.producer.TransactionMQProducer;
import org.apache.rocketmq.common.TopicConfig;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.remoting.RPCHook;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * A replica promoted to leader carries on where its leader was, seen through the unmodified RocketMQ 5.3.3 client:
 * a leader and a replica register with a stand-alone name server; users, ACLs, consumer offsets, delayed messages
 * (some delivered, some pending) and halves in doubt (some checks done) build up; the leader stops and the replica's
 * data directory starts as the group's leader (broker id 0) under the same broker name.
 */
class PromotedReplicaCompatibilityTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String ADMIN = "root-admin";
    private static final String ADMIN_SECRET = "admin-secret-4f1d9c7b2e";
    private static final String ALICE_SECRET = "alice-secret-1234";
    private static final String ORDERS = "orders";
    private static final String LEDGER = "ledger";
    private static final String DELAYED = "delayed";
    private static final String PAYMENTS = "payments";
    private static final Duration PENDING_DELAY = Duration.ofSeconds(12);

    @TempDir
    Path directory;

    private final List<AutoCloseable> opened = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
    }

    private BrokerConfig config(String member, String nameServer, ReplicationConfig replication) {
        return BrokerConfig.builder(directory.resolve(member)).randomPorts().brokerName("broker-a").clusterName("c1")
                .cluster(ClusterConfig.builder().embeddedNameServer(false).nameServers(nameServer)
                        .registrationInterval(Duration.ofMillis(500)).build())
                .replication(replication)
                .auth(AuthConfig.enabled(new AuthConfig.InitialUser(ADMIN, ADMIN_SECRET)))
                .delayLevels(List.of(Duration.ofSeconds(1), PENDING_DELAY))
                .checkBack(new CheckBackPolicy(Duration.ofMillis(500), Duration.ofSeconds(1), 1000,
                        EndOfChecks.ROLLBACK))
                .metadataFlushInterval(Duration.ofMillis(200))
                .store(store -> store.segmentSize(16L << 20).tailCacheSize(16L << 20)).build();
    }

    private static ReplicationConfig.Builder fast(ReplicationConfig.Builder builder) {
        return builder.heartbeatInterval(Duration.ofMillis(100)).peerTimeout(Duration.ofSeconds(2))
                .metadataInterval(Duration.ofMillis(200)).reconnectDelay(Duration.ofMillis(100));
    }

    private static RPCHook hook(String accessKey, String secretKey) {
        return new AclClientRPCHook(new SessionCredentials(accessKey, secretKey));
    }

    private static Message message(String topic, String body) {
        return new Message(topic, body.getBytes(StandardCharsets.UTF_8));
    }

    private static String body(MessageExt message) {
        return new String(message.getBody(), StandardCharsets.UTF_8);
    }

    @Test
    void aPromotedReplicaEnforcesTheUsersDeliversDelayedMessagesAndDecidesHalvesOnceAndKeepsOffsets()
            throws Exception {
        NameServer nameServer = NameServer.start(NameServerConfig.builder().randomPort().build());
        opened.add(nameServer);
        Broker leader = Broker.start(config("leader", nameServer.address(), fast(ReplicationConfig.builder().leader(0)
                .mode(ReplicationMode.SYNC).minInSync(2).syncTimeout(Duration.ofSeconds(5))).build()));
        opened.add(leader);
        BrokerConfig replicaConfig = config("replica", nameServer.address(), fast(ReplicationConfig.builder()
                .replica(1, "127.0.0.1:" + leader.replication().port())).build());
        Broker replica = Broker.start(replicaConfig);
        opened.add(replica);
        await().atMost(TIMEOUT).until(() -> leader.replication().inSyncCount() == 2);

        DefaultMQAdminExt admin = new DefaultMQAdminExt(hook(ADMIN, ADMIN_SECRET), 5_000);
        admin.setNamesrvAddr(nameServer.address());
        admin.setInstanceName("promote-admin-" + ProcessHandle.current().pid());
        admin.setVipChannelEnabled(false);
        admin.start();
        opened.add(admin::shutdown);
        for (String topic : List.of(ORDERS, LEDGER, DELAYED, PAYMENTS)) {
            admin.createAndUpdateTopicConfig(leader.brokerAddress(), new TopicConfig(topic, 2, 2));
        }
        admin.createUser(leader.brokerAddress(), "alice", ALICE_SECRET, "Normal");
        admin.createAcl(leader.brokerAddress(), "User:alice", List.of("Topic:" + ORDERS), List.of("Pub"), null,
                "Allow");
        admin.createUser(leader.brokerAddress(), "bob", "bob-secret-12345", "Normal");
        admin.deleteUser(leader.brokerAddress(), "bob");

        RocketMqClients clients = new RocketMqClients(nameServer.address(), hook(ADMIN, ADMIN_SECRET));
        opened.add(clients);
        DefaultMQProducer producer = clients.producer("promote-producers");

        // Consumer offsets: twenty consumed and committed on the leader.
        for (int i = 0; i < 20; i++) {
            assertThat(producer.send(message(ORDERS, "early-" + i)).getSendStatus()).isEqualTo(SendStatus.SEND_OK);
        }
        Deliveries billed = new Deliveries();
        DefaultMQPushConsumer billing = clients.pushConsumer("billing");
        billing.subscribe(ORDERS, "*");
        billing.registerMessageListener(billed.acknowledging("before"));
        billing.start();
        await().atMost(TIMEOUT).until(() -> billed.bodies().stream().distinct().count() == 20);
        billing.shutdown();

        // Delayed messages: five delivered on the leader, eight still waiting (by level and by timestamp).
        Deliveries delayed = new Deliveries();
        DefaultMQPushConsumer delayWatch = clients.pushConsumer("delay-watch");
        delayWatch.subscribe(DELAYED, "*");
        delayWatch.registerMessageListener(delayed.acknowledging("watch"));
        delayWatch.start();
        for (int i = 0; i < 5; i++) {
            Message due = message(DELAYED, "due-" + i);
            due.setDelayTimeLevel(1);
            producer.send(due);
        }
        await().atMost(TIMEOUT).until(() -> delayed.bodies().stream().distinct().count() == 5);
        for (int i = 0; i < 5; i++) {
            Message pending = message(DELAYED, "pending-" + i);
            pending.setDelayTimeLevel(2);
            producer.send(pending);
        }
        for (int i = 0; i < 3; i++) {
            Message timed = message(DELAYED, "timed-" + i);
            timed.setDeliverTimeMs(System.currentTimeMillis() + PENDING_DELAY.toMillis());
            producer.send(timed);
        }

        // Halves in doubt: checked on the leader, answered UNKNOWN until the promotion.
        AtomicBoolean promoted = new AtomicBoolean();
        Map<String, List<Integer>> checksBefore = new ConcurrentHashMap<>();
        Map<String, List<Integer>> checksAfter = new ConcurrentHashMap<>();
        TransactionMQProducer transactional = clients.transactionProducer("payment-producers",
                new TransactionListener() {
                    @Override
                    public LocalTransactionState executeLocalTransaction(Message message, Object argument) {
                        return LocalTransactionState.UNKNOW;
                    }

                    @Override
                    public LocalTransactionState checkLocalTransaction(MessageExt message) {
                        int number = Integer.parseInt(message.getProperty("TRANSACTION_CHECK_TIMES"));
                        String body = body(message);
                        (promoted.get() ? checksAfter : checksBefore)
                                .computeIfAbsent(body, key -> new CopyOnWriteArrayList<>()).add(number);
                        if (!promoted.get()) {
                            return LocalTransactionState.UNKNOW;
                        }
                        return body.startsWith("commit-") ? LocalTransactionState.COMMIT_MESSAGE
                                : LocalTransactionState.ROLLBACK_MESSAGE;
                    }
                });
        transactional.start();
        List<String> halves = new ArrayList<>();
        IntStream.range(0, 3).forEach(i -> halves.add("commit-" + i));
        IntStream.range(0, 2).forEach(i -> halves.add("rollback-" + i));
        for (String half : halves) {
            assertThat(transactional.sendMessageInTransaction(message(PAYMENTS, half), null).getSendStatus())
                    .isEqualTo(SendStatus.SEND_OK);
        }
        // Two checks each have been made, and the replica holds them.
        Path replicaMetadata = replicaConfig.metadataDirectory();
        await().atMost(TIMEOUT).until(() -> new TransactionTable(replicaMetadata).progress().checks().stream()
                .filter(state -> state.checks() >= 2).count() == halves.size());
        await().atMost(TIMEOUT).until(() -> new ConsumerOffsets(replicaMetadata).committed("billing", ORDERS, 0)
                .orElse(0) + new ConsumerOffsets(replicaMetadata).committed("billing", ORDERS, 1).orElse(0) == 20);

        // The leader stops; the replica's data directory starts as the leader of broker-a.
        leader.close();
        promoted.set(true);
        replica.close();
        BrokerConfig promotedConfig = config("replica", nameServer.address(),
                fast(ReplicationConfig.builder().leader(0).mode(ReplicationMode.ASYNC)).build());
        Broker promotedLeader = Broker.start(promotedConfig);
        opened.add(promotedLeader);

        // Users and ACLs: alice publishes where her ACL allows and nowhere else; bob, deleted, is refused.
        DefaultMQProducer alice = new RocketMqClients(nameServer.address(), hook("alice", ALICE_SECRET))
                .producer("alice-producers");
        opened.add(alice::shutdown);
        await().atMost(TIMEOUT).ignoreExceptions().until(() ->
                alice.send(message(ORDERS, "late-0")).getSendStatus() == SendStatus.SEND_OK);
        assertThatThrownBy(() -> alice.send(message(LEDGER, "not allowed")))
                .rootCause().isInstanceOfSatisfying(MQBrokerException.class,
                        e -> assertThat(e.getResponseCode()).isEqualTo(16));
        DefaultMQProducer bob = new RocketMqClients(nameServer.address(), hook("bob", "bob-secret-12345"))
                .producer("bob-producers");
        opened.add(bob::shutdown);
        assertThatThrownBy(() -> bob.send(message(ORDERS, "not allowed")))
                .rootCause().isInstanceOfSatisfying(MQBrokerException.class,
                        e -> assertThat(e.getResponseCode()).isEqualTo(16));

        // Offsets: the billing group goes on after the twenty it consumed. The first producer learns the promoted
        // leader's address at its next route refresh: until then its sends go to the stopped leader.
        await().atMost(TIMEOUT).ignoreExceptions().until(() ->
                producer.send(message(ORDERS, "late-1")).getSendStatus() == SendStatus.SEND_OK);
        for (int i = 2; i < 10; i++) {
            producer.send(message(ORDERS, "late-" + i));
        }
        Deliveries rebilled = new Deliveries();
        DefaultMQPushConsumer billingAgain = clients.pushConsumer("billing");
        billingAgain.subscribe(ORDERS, "*");
        billingAgain.registerMessageListener(rebilled.acknowledging("after"));
        billingAgain.start();
        await().atMost(TIMEOUT).until(() -> rebilled.bodies().stream().distinct().count() >= 10);
        assertThat(rebilled.bodies()).allMatch(body -> body.startsWith("late-"));

        // Delayed messages: the pending ones arrive; halves: checked on, from the count the leader reached, and
        // decided by the answers.
        await().atMost(TIMEOUT.plus(PENDING_DELAY)).until(() -> delayed.bodies().containsAll(
                List.of("pending-0", "pending-1", "pending-2", "pending-3", "pending-4", "timed-0", "timed-1",
                        "timed-2")));
        await().atMost(TIMEOUT).until(() -> checksAfter.keySet().containsAll(halves));
        for (String half : halves) {
            assertThat(checksAfter.get(half).getFirst()).as("first check of %s after the promotion", half)
                    .isGreaterThanOrEqualTo(3);
        }
        await().atMost(TIMEOUT).until(() -> promotedLeader.meterRegistry().get("tandem.transactions.undecided")
                .gauge().value() == 0);

        // In the promoted leader's log: each delayed message and each committed half once, no rolled-back one.
        clients.close();
        promotedLeader.close();
        Map<String, Integer> delayedCopies = bodies(promotedConfig, DELAYED);
        assertThat(delayedCopies.keySet()).containsExactlyInAnyOrder("due-0", "due-1", "due-2", "due-3", "due-4",
                "pending-0", "pending-1", "pending-2", "pending-3", "pending-4", "timed-0", "timed-1", "timed-2");
        assertThat(delayedCopies.values()).containsOnly(1);
        Map<String, Integer> committed = bodies(promotedConfig, PAYMENTS);
        assertThat(committed).isEqualTo(Map.of("commit-0", 1, "commit-1", 1, "commit-2", 1));
        assertThat(new TransactionTable(promotedConfig.metadataDirectory()).progress().checks()).isEmpty();
    }

    /** How many times each body is in the topic of a stopped broker's store. */
    private static Map<String, Integer> bodies(BrokerConfig config, String topic) throws IOException {
        return StoredBodies.counted(config.storeConfig(), topic, 2, Duration.ofSeconds(10));
    }
}
