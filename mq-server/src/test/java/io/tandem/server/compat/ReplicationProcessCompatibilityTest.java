package io.tandem.server.compat;

import io.tandem.protocol.RemotingCommand;
import io.tandem.protocol.RequestCode;
import io.tandem.protocol.ResponseCode;
import io.tandem.protocol.header.CreateTopicRequestHeader;
import io.tandem.server.config.BrokerConfig;
import io.tandem.server.support.RawClient;
import io.tandem.server.support.StoredBodies;
import io.tandem.server.support.ServerProcess;
import io.tandem.store.io.IoEngineKind;
import io.tandem.testing.Ports;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * A three-member broker group with {@code replication=sync} and {@code min-in-sync=2}, each member its own JVM, and a
 * stand-alone name server; the unmodified RocketMQ 5.3.3 client sends synchronously from several threads. Replicas
 * are killed with SIGKILL: with one left, sends go on; a killed replica restarted on its data resumes from the end of
 * its log and rejoins the in-sync set; with no replica, a send fails with the reason instead of being acknowledged.
 * Afterwards every acknowledged message is read back from the replicas' stores.
 */
class ReplicationProcessCompatibilityTest {

    private static final String TOPIC = "replicated-orders";
    private static final Duration STARTUP = Duration.ofSeconds(90);

    @TempDir
    Path directory;

    private final List<ServerProcess> processes = new ArrayList<>();

    @AfterEach
    void killEverything() throws InterruptedException {
        for (ServerProcess process : processes) {
            process.close();
        }
    }

    @Test
    void acknowledgedSendsSurviveInTheReplicasAndSendsStopWhenTooFewAreInSync() throws Exception {
        String nameServer = "127.0.0.1:" + Ports.unused();
        start("namesrv", List.of("name-server", String.valueOf(port(nameServer)), "30000", "1000"));
        int leaderPort = Ports.unused();
        int replicationPort = Ports.unused();
        start("leader", broker("leader", leaderPort, nameServer, 0, String.valueOf(replicationPort)));
        ServerProcess first = start("replica-1", broker("replica-1", Ports.unused(), nameServer, 1,
                "127.0.0.1:" + replicationPort));
        ServerProcess second = start("replica-2", broker("replica-2", Ports.unused(), nameServer, 2,
                "127.0.0.1:" + replicationPort));
        for (ServerProcess process : processes) {
            await().atMost(STARTUP).until(() -> Files.exists(process.log())
                    && Files.readString(process.log()).contains("READY"));
        }
        createTopic("127.0.0.1:" + leaderPort);

        try (RocketMqClients clients = new RocketMqClients(nameServer)) {
            DefaultMQProducer producer = clients.producer("replicated-producer");
            // Routes and the in-sync set form within seconds; the first send succeeds once both are there.
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> producer.send(
                    new Message(TOPIC, "warm-up".getBytes(StandardCharsets.UTF_8))).getSendStatus() == SendStatus.SEND_OK);

            Set<String> allThree = sendFromThreads(producer, "all-three", 4, 50);
            second.kill();
            // The leader and replica 1 are still two: sends go on.
            Set<String> twoOfThree = awaitSendsAfterFault(producer, "two-of-three", 4, 50);

            // Replica 2 comes back: it recovers its store, resumes from its own end and rejoins the in-sync set, so
            // the group survives losing replica 1 next.
            long joinsBefore = inSyncJoins(2);
            ServerProcess restarted = start("replica-2-restarted", broker("replica-2", Ports.unused(), nameServer, 2,
                    "127.0.0.1:" + replicationPort));
            await().atMost(STARTUP).until(() -> Files.exists(restarted.log())
                    && Files.readString(restarted.log()).contains("READY"));
            await().atMost(Duration.ofSeconds(60)).until(() -> inSyncJoins(2) > joinsBefore
                    && Files.readString(restarted.log()).lines()
                    .anyMatch(line -> line.matches(".*copying from position [1-9][0-9]*.*")));
            first.kill();
            Set<String> afterRestart = awaitSendsAfterFault(producer, "after-restart", 4, 25);

            restarted.kill();
            // The leader alone: a send fails and says why; it is never acknowledged.
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThatThrownBy(() -> producer.send(
                    new Message(TOPIC, "alone".getBytes(StandardCharsets.UTF_8)),
                    new MessageQueue(TOPIC, "broker-a", 0)))
                    .isInstanceOf(MQBrokerException.class)
                    .hasMessageContaining("min-in-sync=2"));

            processes.getFirst().stop(Duration.ofSeconds(30));
            processes.get(1).stop(Duration.ofSeconds(30));

            Set<String> inFirst = bodiesIn("replica-1");
            Set<String> inSecond = bodiesIn("replica-2");
            assertThat(inFirst).containsAll(twoOfThree);
            assertThat(inSecond).containsAll(afterRestart);
            Set<String> union = new HashSet<>(inFirst);
            union.addAll(inSecond);
            assertThat(union).containsAll(allThree);
            assertThat(union).doesNotContain("alone");
        }
    }

    /** How often the leader logged replica {@code brokerId} joining the in-sync set. */
    private static long inSyncJoins(long brokerId) throws IOException {
        return Files.readString(Path.of("target", "replication-process-logs", "leader.log")).lines()
                .filter(line -> line.contains("replica " + brokerId + " joined the in-sync set")).count();
    }

    /** Sends a round; the first sends after a fault may still meet the leader noticing it, so they are retried. */
    private static Set<String> awaitSendsAfterFault(DefaultMQProducer producer, String round, int threads,
                                                    int perThread) throws Exception {
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> producer.send(
                new Message(TOPIC, (round + "-probe").getBytes(StandardCharsets.UTF_8))).getSendStatus()
                == SendStatus.SEND_OK);
        return sendFromThreads(producer, round, threads, perThread);
    }

    private List<String> broker(String member, int port, String nameServer, long brokerId, String replication) {
        return List.of("replicated-broker", "broker-a", String.valueOf(port), directory.resolve(member).toString(),
                nameServer, "1000", String.valueOf(brokerId), replication, "2");
    }

    private ServerProcess start(String name, List<String> arguments) throws IOException {
        ServerProcess process = ServerProcess.start(name, Path.of("target", "replication-process-logs"), arguments);
        processes.add(process);
        return process;
    }

    /** Every body of the topic in a member's store, opened as the member opened it (recovering after SIGKILL). */
    private Set<String> bodiesIn(String member) throws IOException {
        BrokerConfig config = BrokerConfig.builder(directory.resolve(member))
                .store(store -> store.segmentSize(64L << 20).tailCacheSize(16L << 20).ioEngine(IoEngineKind.PAGECACHE))
                .build();
        return StoredBodies.of(config.storeConfig(), TOPIC, 4, Duration.ofSeconds(30));
    }

    private static Set<String> sendFromThreads(DefaultMQProducer producer, String round, int threads, int perThread)
            throws Exception {
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        try (ExecutorService senders = Executors.newFixedThreadPool(threads)) {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(senders.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        String body = round + "-" + thread + "-" + i;
                        SendResult result = producer.send(new Message(TOPIC, body.getBytes(StandardCharsets.UTF_8)));
                        assertThat(result.getSendStatus()).isEqualTo(SendStatus.SEND_OK);
                        acknowledged.add(body);
                    }
                    return null;
                }));
            }
            for (Future<?> future : done) {
                future.get();
            }
        }
        assertThat(acknowledged).hasSize(threads * perThread);
        return acknowledged;
    }

    private static void createTopic(String broker) {
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
            try (RawClient client = new RawClient(broker)) {
                RemotingCommand response = client.call(RemotingCommand.request(RequestCode.UPDATE_AND_CREATE_TOPIC)
                        .extFields(new CreateTopicRequestHeader(TOPIC, "TBW102", 4, 4, 6, "SINGLE_TAG", 0, false)
                                .toExtFields()));
                assertThat(response.code()).isEqualTo(ResponseCode.SUCCESS);
            }
        });
    }

    private static int port(String address) {
        return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
    }
}
