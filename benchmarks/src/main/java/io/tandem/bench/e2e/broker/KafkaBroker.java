package io.tandem.bench.e2e.broker;

import io.tandem.bench.e2e.Durability;
import org.apache.kafka.common.Uuid;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An Apache Kafka broker in KRaft mode, broker and controller in one JVM, from the Maven Central artifacts: the
 * storage is formatted first ({@code kafka.tools.StorageTool format}, what {@code kafka-storage.sh format} runs), then
 * {@code kafka.Kafka} starts with a generated {@code server.properties}. SYNC durability sets
 * {@code log.flush.interval.messages=1}, so a produce request is answered after its records are fsynced. JVM options
 * follow Kafka's {@code kafka-run-class.sh}.
 */
final class KafkaBroker {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private KafkaBroker() {
    }

    static SingleJvmBroker start(BrokerSettings settings) throws IOException, InterruptedException {
        Path directory = settings.directory();
        Files.createDirectories(directory);
        String classPath = settings.locations().kafkaClassPath();
        int brokerPort = FreePorts.one();
        int controllerPort = FreePorts.one();
        boolean sync = settings.durability() == Durability.SYNC;

        Path serverProperties = directory.resolve("server.properties");
        List<String> lines = new ArrayList<>(List.of(
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + brokerPort,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + directory.resolve("data"),
                "num.partitions=8",
                "offsets.topic.replication.factor=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0"));
        if (sync) {
            lines.add("log.flush.interval.messages=1");
        }
        lines.add("");
        Files.writeString(serverProperties, String.join("\n", lines), StandardCharsets.UTF_8);
        Path log4j = directory.resolve("log4j2.properties");
        Files.writeString(log4j, String.join("\n",
                "status = warn",
                "appender.console.type = Console",
                "appender.console.name = STDOUT",
                "appender.console.layout.type = PatternLayout",
                "appender.console.layout.pattern = [%d] %p %m (%c)%n",
                "rootLogger.level = info",
                "rootLogger.appenderRef.stdout.ref = STDOUT",
                ""), StandardCharsets.UTF_8);

        long start = System.nanoTime();
        List<String> format = new ArrayList<>(List.of(settings.java().toString(), "-Xmx256m",
                "-Dlog4j2.configurationFile=" + log4j, "-cp", classPath, "kafka.tools.StorageTool", "format",
                "-t", Uuid.randomUuid().toString(), "-c", serverProperties.toString()));
        JvmProcess.runToCompletion("kafka-storage-format", format, directory,
                directory.resolve("kafka-storage-format.log"), START_TIMEOUT);

        List<String> command = new ArrayList<>(List.of(settings.java().toString(), "-server",
                "-Xms" + BrokerSettings.HEAP, "-Xmx" + BrokerSettings.HEAP,
                "-XX:+UseG1GC", "-XX:MaxGCPauseMillis=20", "-XX:InitiatingHeapOccupancyPercent=35",
                "-XX:+ExplicitGCInvokesConcurrent", "-Djava.awt.headless=true",
                "-Dlog4j2.configurationFile=" + log4j,
                "-cp", classPath, "kafka.Kafka", serverProperties.toString()));
        JvmProcess process = JvmProcess.start("kafka", command, directory, directory.resolve("kafka.log"), Map.of());
        try {
            process.awaitPort(brokerPort, START_TIMEOUT);
        } catch (IOException | InterruptedException | RuntimeException e) {
            process.stop();
            throw e;
        }
        Duration startTime = Duration.ofNanos(System.nanoTime() - start);
        return new SingleJvmBroker(process, "127.0.0.1:" + brokerPort,
                "Apache Kafka " + settings.locations().kafkaVersion(),
                "KRaft broker+controller, " + (sync ? "log.flush.interval.messages=1" : "default flush (page cache)"),
                Brokers.describeJava(settings.java()), startTime);
    }
}
