package io.tandem.samples.e2e;

import io.tandem.testing.Ports;
import org.apache.rocketmq.client.consumer.DefaultLitePullConsumer;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code scripts/local-cluster.sh} as an operator uses it: {@code start} brings up three name servers and a broker
 * group of three members on 127.0.0.1, {@code status} reports them, the unmodified RocketMQ client sends through the
 * name servers and reads every message back, and {@code stop} leaves nothing running. The group runs as the script
 * runs it by default: the controller in the name servers elects its leader, and sends are acknowledged once two
 * members hold them ({@code replication=sync}).
 */
class LocalClusterScriptIT {

    private static final Path SCRIPT = SampleTopology.ROOT.resolve("scripts/local-cluster.sh");

    /** Ports the script uses from its base port on (see its header). */
    private static final int PORT_SPAN = 43;

    private static final int MESSAGES = 50;

    private static final List<String> NODES = List.of("ns1", "ns2", "ns3", "broker-a-1", "broker-a-2", "broker-a-3");

    /** Lines of each node's log a failure message quotes. */
    private static final int LOG_TAIL_LINES = 25;

    @TempDir
    Path directory;

    private Map<String, String> environment;

    @AfterEach
    void stopTheCluster() throws Exception {
        if (environment != null) {
            script("stop");
        }
    }

    @Test
    void startsAClusterThatServesTheRocketMqClientAndStopsIt() throws Exception {
        int base = Ports.unusedRange(PORT_SPAN);
        environment = Map.of(
                "TANDEM_CLUSTER_BASE_PORT", Integer.toString(base),
                "TANDEM_CLUSTER_HEAP", "256m",
                "JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        String nameServers = "127.0.0.1:" + (base + 6) + ";127.0.0.1:" + (base + 7) + ";127.0.0.1:" + (base + 8);

        Result started = script("start");
        assertThat(started.exitCode()).as("start: %s", started.output()).isZero();
        assertThat(started.output()).contains("cluster up: name servers " + nameServers);
        // Moments after a broker first listens, the controller names its role and it reopens in that role, not
        // listening for a second or two (status says so); then every node runs and listens.
        AtomicReference<Result> status = new AtomicReference<>();
        try {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
                status.set(script("status"));
                return status.get().exitCode() == 0;
            });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("status still reports a node down or not listening 60 s after start: "
                    + status.get().output() + "; the nodes' logs end with:" + nodeLogTails(), e);
        }
        assertThat(status.get().output().lines().filter(line -> line.contains(" running (pid "))).hasSize(6);
        for (String node : NODES) {
            assertThat(directory.resolve(node).resolve("node.log")).isRegularFile();
            assertThat(directory.resolve(node).resolve("node.pid")).isRegularFile();
        }

        String topic = "LocalCluster";
        Set<String> sent = new HashSet<>();
        DefaultMQProducer producer = new DefaultMQProducer("local-cluster-producer");
        producer.setNamesrvAddr(nameServers);
        producer.setSendMsgTimeout(10_000);
        producer.start();
        try {
            // The first send waits for an elected leader, its replicas in sync (replication=sync) and the topic's route.
            try {
                await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                        .until(() -> send(producer, topic, "first", sent));
            } catch (ConditionTimeoutException e) {
                throw new AssertionError("no send succeeded within 90 s of the cluster's start; the nodes' logs"
                        + " end with:" + nodeLogTails(), e);
            }
            for (int i = 0; i < MESSAGES; i++) {
                assertThat(send(producer, topic, "m-" + i, sent)).isTrue();
            }
        } finally {
            producer.shutdown();
        }

        Set<String> received = new HashSet<>();
        DefaultLitePullConsumer consumer = new DefaultLitePullConsumer("local-cluster-consumer");
        consumer.setNamesrvAddr(nameServers);
        consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        consumer.subscribe(topic, "*");
        consumer.start();
        try {
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                for (MessageExt message : consumer.poll(1_000)) {
                    received.add(new String(message.getBody(), StandardCharsets.UTF_8));
                }
                assertThat(received).containsAll(sent);
            });
        } finally {
            consumer.shutdown();
        }

        Result stopped = script("stop");
        assertThat(stopped.exitCode()).as("stop: %s", stopped.output()).isZero();
        Result after = script("status");
        assertThat(after.exitCode()).as("status once stopped").isEqualTo(3);
        assertThat(after.output().lines().filter(line -> line.endsWith(" down"))).hasSize(6);
        environment = null;
    }

    /** The last lines of every node's log, for a failure message. */
    private String nodeLogTails() {
        StringBuilder tails = new StringBuilder();
        for (String node : NODES) {
            tails.append(System.lineSeparator()).append("--- ").append(node).append(System.lineSeparator());
            try (Stream<String> lines = Files.lines(directory.resolve(node).resolve("node.log"))) {
                List<String> all = lines.toList();
                all.subList(Math.max(0, all.size() - LOG_TAIL_LINES), all.size())
                        .forEach(line -> tails.append(line).append(System.lineSeparator()));
            } catch (IOException | UncheckedIOException e) {
                tails.append("(log unreadable: ").append(e).append(')').append(System.lineSeparator());
            }
        }
        return tails.toString();
    }

    private static boolean send(DefaultMQProducer producer, String topic, String body, Set<String> sent)
            throws Exception {
        SendResult result = producer.send(new Message(topic, body.getBytes(StandardCharsets.UTF_8)));
        if (result.getSendStatus() == SendStatus.SEND_OK) {
            sent.add(body);
            return true;
        }
        return false;
    }

    private Result script(String command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("bash", SCRIPT.toString(), command, directory.toString())
                .redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> name.startsWith("TANDEM_CLUSTER_"));
        builder.environment().putAll(environment);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(6, TimeUnit.MINUTES)).as("local-cluster.sh %s ends", command).isTrue();
        return new Result(process.exitValue(), output);
    }

    private record Result(int exitCode, String output) {
    }
}
