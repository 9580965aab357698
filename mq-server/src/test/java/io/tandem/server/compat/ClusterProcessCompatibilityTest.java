package io.tandem.server.compat;

import io.tandem.protocol.RemotingCommand;
import io.tandem.protocol.RequestCode;
import io.tandem.protocol.ResponseCode;
import io.tandem.protocol.body.ClusterInfo;
import io.tandem.protocol.header.CreateTopicRequestHeader;
import io.tandem.protocol.header.GetRouteInfoRequestHeader;
import io.tandem.protocol.route.BrokerData;
import io.tandem.protocol.route.TopicRouteData;
import io.tandem.server.support.RawClient;
import io.tandem.server.support.ServerProcess;
import io.tandem.testing.Ports;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;
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
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The cluster as separate processes: two name-server-only processes and broker-only processes registering with both,
 * driven by the unmodified RocketMQ 5.3.3 client. A topic spans two broker groups; a third group joins while the
 * clients run; one broker stops cleanly (it unregisters) and one is killed with SIGKILL (it expires).
 */
class ClusterProcessCompatibilityTest {

    private static final String TOPIC = "cluster-orders";
    private static final Duration BROKER_EXPIRY = Duration.ofSeconds(5);
    private static final Duration REGISTRATION_INTERVAL = Duration.ofSeconds(1);
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
    void shouldSpreadATopicOverBrokerGroupsGrowLiveAndDropStoppedAndKilledBrokers() throws Exception {
        List<String> nameServers = List.of("127.0.0.1:" + Ports.unused(), "127.0.0.1:" + Ports.unused());
        String nameServerList = String.join(";", nameServers);
        List<ServerProcess> nameServerProcesses = new ArrayList<>();
        for (int i = 0; i < nameServers.size(); i++) {
            nameServerProcesses.add(start("namesrv-" + (i + 1), List.of("name-server",
                    String.valueOf(port(nameServers.get(i))), String.valueOf(BROKER_EXPIRY.toMillis()), "200")));
        }
        Map<String, String> brokers = new TreeMap<>();
        Map<String, ServerProcess> brokerProcesses = new TreeMap<>();
        for (String name : List.of("broker-a", "broker-b")) {
            brokers.put(name, "127.0.0.1:" + Ports.unused());
            brokerProcesses.put(name, startBroker(name, brokers.get(name), nameServerList));
        }
        awaitGroups(nameServers, Set.of("broker-a", "broker-b"), STARTUP);
        createTopic(brokers.get("broker-a"));
        createTopic(brokers.get("broker-b"));
        awaitRoute(nameServers, Set.of("broker-a", "broker-b"));

        try (RocketMqClients clients = new RocketMqClients(nameServerList)) {
            Deliveries deliveries = new Deliveries();
            DefaultMQPushConsumer consumer = clients.pushConsumer("cluster-consumers");
            consumer.subscribe(TOPIC, "*");
            consumer.registerMessageListener(deliveries.acknowledging("consumer"));
            consumer.start();
            DefaultMQProducer producer = clients.producer("cluster-producers");

            Map<String, String> acknowledged = sendFromThreads(producer, "first", 4, 100);
            assertThat(Set.copyOf(acknowledged.values())).as("broker groups that took sends")
                    .containsExactlyInAnyOrder("broker-a", "broker-b");
            awaitReceived(deliveries, acknowledged.keySet());
            assertThat(receivedFrom(deliveries)).containsExactlyInAnyOrder("broker-a", "broker-b");

            // A third group joins the running cluster; nothing else restarts.
            brokers.put("broker-c", "127.0.0.1:" + Ports.unused());
            brokerProcesses.put("broker-c", startBroker("broker-c", brokers.get("broker-c"), nameServerList));
            awaitGroups(nameServers, Set.of("broker-a", "broker-b", "broker-c"), STARTUP);
            createTopic(brokers.get("broker-c"));
            awaitRoute(nameServers, Set.of("broker-a", "broker-b", "broker-c"));
            await().atMost(Duration.ofSeconds(30)).until(() -> producer.fetchPublishMessageQueues(TOPIC).stream()
                    .anyMatch(queue -> queue.getBrokerName().equals("broker-c")));

            Map<String, String> afterJoin = sendFromThreads(producer, "second", 4, 100);
            assertThat(Set.copyOf(afterJoin.values())).contains("broker-c");
            awaitReceived(deliveries, afterJoin.keySet());
            assertThat(receivedFrom(deliveries)).containsExactlyInAnyOrder("broker-a", "broker-b", "broker-c");

            // A clean stop unregisters from every name server before the broker's process ends.
            brokerProcesses.get("broker-b").stop(Duration.ofSeconds(30));
            assertThat(brokerProcesses.get("broker-b").exitValue()).as("SIGTERM handled").isEqualTo(143);
            for (int i = 0; i < nameServers.size(); i++) {
                assertThat(routeGroups(nameServers.get(i))).doesNotContain("broker-b");
                assertThat(Files.readString(nameServerProcesses.get(i).log()))
                        .containsPattern("of broker-b \\(cluster \\S+, id 0\\) unregistered");
            }

            // A killed broker stays routed until its lease runs out.
            long killed = System.nanoTime();
            brokerProcesses.get("broker-c").kill();
            assertThat(routeGroups(nameServers.get(0))).contains("broker-c");
            awaitRoute(nameServers, Set.of("broker-a"));
            assertThat(Duration.ofNanos(System.nanoTime() - killed)).isLessThan(BROKER_EXPIRY.plusSeconds(10));
            for (ServerProcess nameServer : nameServerProcesses) {
                assertThat(Files.readString(nameServer.log())).containsPattern("of broker-c .* expired")
                        .doesNotContainPattern("of broker-c \\(cluster \\S+, id 0\\) unregistered");
            }

            Map<String, String> afterLoss = sendFromThreads(producer, "third", 2, 50);
            assertThat(Set.copyOf(afterLoss.values())).containsExactly("broker-a");
            awaitReceived(deliveries, afterLoss.keySet());
        }
    }

    private ServerProcess start(String name, List<String> arguments) throws IOException {
        ServerProcess process = ServerProcess.start(name, Path.of("target", "cluster-process-logs"), arguments);
        processes.add(process);
        return process;
    }

    private ServerProcess startBroker(String name, String address, String nameServers) throws IOException {
        return start(name, List.of("broker", name, String.valueOf(port(address)), directory.resolve(name).toString(),
                nameServers, String.valueOf(REGISTRATION_INTERVAL.toMillis())));
    }

    /** Sends {@code perThread} messages from each of {@code threads} threads; acknowledged body to broker group. */
    private static Map<String, String> sendFromThreads(DefaultMQProducer producer, String round, int threads,
                                                       int perThread) throws Exception {
        Map<String, String> acknowledged = new ConcurrentHashMap<>();
        try (ExecutorService senders = Executors.newFixedThreadPool(threads)) {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(senders.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        String body = round + "-" + thread + "-" + i;
                        SendResult result = producer.send(new Message(TOPIC, body.getBytes(StandardCharsets.UTF_8)));
                        assertThat(result.getSendStatus()).isEqualTo(SendStatus.SEND_OK);
                        acknowledged.put(body, result.getMessageQueue().getBrokerName());
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

    private static void awaitReceived(Deliveries deliveries, Set<String> bodies) {
        await().atMost(Duration.ofSeconds(60)).until(() -> new HashSet<>(deliveries.bodies()).containsAll(bodies));
    }

    private static Set<String> receivedFrom(Deliveries deliveries) {
        return deliveries.all().stream().map(delivery -> delivery.message().getBrokerName())
                .collect(Collectors.toSet());
    }

    private static void createTopic(String broker) throws IOException {
        try (RawClient client = new RawClient(broker)) {
            RemotingCommand response = client.call(RemotingCommand.request(RequestCode.UPDATE_AND_CREATE_TOPIC)
                    .extFields(new CreateTopicRequestHeader(TOPIC, "TBW102", 4, 4, 6, "SINGLE_TAG", 0, false)
                            .toExtFields()));
            assertThat(response.code()).as("topic created on %s", broker).isEqualTo(ResponseCode.SUCCESS);
        }
    }

    private static void awaitGroups(List<String> nameServers, Set<String> groups, Duration timeout) {
        for (String nameServer : nameServers) {
            await().atMost(timeout).ignoreExceptions().until(() -> clusterGroups(nameServer), groups::equals);
        }
    }

    private static void awaitRoute(List<String> nameServers, Set<String> groups) {
        for (String nameServer : nameServers) {
            await().atMost(Duration.ofSeconds(30)).until(() -> routeGroups(nameServer), groups::equals);
        }
    }

    private static Set<String> clusterGroups(String nameServer) throws IOException {
        try (RawClient client = new RawClient(nameServer)) {
            return ClusterInfo.fromJson(client.call(RemotingCommand.request(RequestCode.GET_BROKER_CLUSTER_INFO))
                    .body()).brokerAddrTable().keySet();
        }
    }

    private static Set<String> routeGroups(String nameServer) throws IOException {
        try (RawClient client = new RawClient(nameServer)) {
            RemotingCommand response = client.call(RemotingCommand.request(RequestCode.GET_ROUTEINFO_BY_TOPIC)
                    .extFields(new GetRouteInfoRequestHeader(TOPIC, null).toExtFields()));
            if (response.code() != ResponseCode.SUCCESS) {
                return Set.of();
            }
            return TopicRouteData.fromJson(response.body()).brokerDatas().stream().map(BrokerData::brokerName)
                    .collect(Collectors.toSet());
        }
    }

    private static int port(String address) {
        return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
    }
}
