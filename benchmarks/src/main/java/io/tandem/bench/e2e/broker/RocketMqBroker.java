package io.tandem.bench.e2e.broker;

import io.tandem.bench.e2e.Durability;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An Apache RocketMQ name server and broker, each in its own JVM, from the Maven Central artifacts, with a generated
 * {@code broker.conf}: the durability as {@code flushDiskType}, a fresh store, loopback listeners and auto-created
 * topics. JVM options follow RocketMQ's own start scripts ({@code runserver.sh}, {@code runbroker.sh}) except the heap,
 * which every broker of the comparison gets the same of.
 *
 * <p>The broker's HA listener binds every address whatever {@code bindAddress} says, so this refuses to start unless
 * the only network interface up is loopback (run the harness under {@code unshare -n}).
 */
final class RocketMqBroker implements BrokerProcess {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final JvmProcess nameServer;
    private final JvmProcess broker;
    private final String endpoint;
    private final String software;
    private final String settings;
    private final String java;
    private final Duration startTime;

    private RocketMqBroker(JvmProcess nameServer, JvmProcess broker, String endpoint, String software,
                           String settings, String java, Duration startTime) {
        this.nameServer = nameServer;
        this.broker = broker;
        this.endpoint = endpoint;
        this.software = software;
        this.settings = settings;
        this.java = java;
        this.startTime = startTime;
    }

    static RocketMqBroker start(BrokerSettings settings) throws IOException, InterruptedException {
        if (!Brokers.onlyLoopbackIsUp()) {
            throw new IllegalStateException("RocketMQ's broker binds its HA port on every address, so it only runs "
                    + "where no network but loopback is up. Run the harness in a network namespace of its own, e.g. "
                    + "as root: unshare -n sh -c 'ip link set lo up && exec java ...'");
        }
        Path directory = settings.directory();
        Files.createDirectories(directory);
        String classPath = settings.locations().rocketMqClassPath();
        int nameServerPort = FreePorts.one();
        // The broker listens on listenPort, on listenPort - 2 (the "VIP" channel) and on listenPort + 1 (HA).
        int listenPort = FreePorts.withNeighbours(-2, 1);
        String flushDiskType = settings.durability() == Durability.SYNC ? "SYNC_FLUSH" : "ASYNC_FLUSH";

        Path nameServerConfig = directory.resolve("namesrv.conf");
        Files.writeString(nameServerConfig, String.join("\n",
                "listenPort=" + nameServerPort,
                "bindAddress=127.0.0.1",
                ""), StandardCharsets.UTF_8);
        Path brokerConfig = directory.resolve("broker.conf");
        Path store = directory.resolve("store");
        Files.writeString(brokerConfig, String.join("\n",
                "brokerClusterName=BenchCluster",
                "brokerName=broker-bench",
                "brokerId=0",
                "brokerRole=ASYNC_MASTER",
                "brokerIP1=127.0.0.1",
                "bindAddress=127.0.0.1",
                "listenPort=" + listenPort,
                "haListenPort=" + (listenPort + 1),
                "namesrvAddr=127.0.0.1:" + nameServerPort,
                "storePathRootDir=" + store,
                "storePathCommitLog=" + store.resolve("commitlog"),
                "flushDiskType=" + flushDiskType,
                "autoCreateTopicEnable=true",
                "autoCreateSubscriptionGroup=true",
                "defaultTopicQueueNums=8",
                ""), StandardCharsets.UTF_8);

        long start = System.nanoTime();
        JvmProcess nameServer = JvmProcess.start("rocketmq-namesrv",
                command(settings, classPath, List.of("-Xms256m", "-Xmx256m"),
                        "org.apache.rocketmq.namesrv.NamesrvStartup", nameServerConfig),
                directory, directory.resolve("rocketmq-namesrv.log"), Map.of());
        JvmProcess broker = null;
        try {
            nameServer.awaitPort(nameServerPort, START_TIMEOUT);
            broker = JvmProcess.start("rocketmq-broker",
                    command(settings, classPath, List.of("-Xms" + BrokerSettings.HEAP, "-Xmx" + BrokerSettings.HEAP,
                                    "-XX:MaxDirectMemorySize=" + BrokerSettings.HEAP),
                            "org.apache.rocketmq.broker.BrokerStartup", brokerConfig),
                    directory, directory.resolve("rocketmq-broker.log"), Map.of());
            broker.awaitPort(listenPort, START_TIMEOUT);
        } catch (IOException | InterruptedException | RuntimeException e) {
            if (broker != null) {
                broker.stop();
            }
            nameServer.stop();
            throw e;
        }
        Duration startTime = Duration.ofNanos(System.nanoTime() - start);
        return new RocketMqBroker(nameServer, broker, "127.0.0.1:" + nameServerPort,
                "Apache RocketMQ " + settings.locations().rocketMqVersion(),
                "flushDiskType=" + flushDiskType + ", brokerRole=ASYNC_MASTER, defaults otherwise",
                Brokers.describeJava(settings.java()), startTime);
    }

    private static List<String> command(BrokerSettings settings, String classPath, List<String> memory,
                                        String mainClass, Path config) {
        List<String> command = new ArrayList<>();
        command.add(settings.java().toString());
        command.add("-server");
        command.addAll(memory);
        command.addAll(List.of("-XX:+UseG1GC", "-XX:G1HeapRegionSize=16m", "-XX:G1ReservePercent=25",
                "-XX:InitiatingHeapOccupancyPercent=30", "-XX:SoftRefLRUPolicyMSPerMB=0",
                "-XX:-OmitStackTraceInFastThrow",
                "--add-opens", "java.base/java.nio=ALL-UNNAMED",
                "--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED",
                "--add-exports", "java.base/sun.nio.ch=ALL-UNNAMED",
                // RocketMQ refuses to start without a home; its logs go to ${user.home}/logs/rocketmqlogs.
                "-Drocketmq.home.dir=" + settings.directory(),
                "-Duser.home=" + settings.directory(),
                "-cp", classPath, mainClass, "-c", config.toString()));
        return command;
    }

    @Override
    public String endpoint() {
        return endpoint;
    }

    @Override
    public String software() {
        return software;
    }

    @Override
    public String settings() {
        return settings;
    }

    @Override
    public String java() {
        return java;
    }

    @Override
    public Duration startTime() {
        return startTime;
    }

    @Override
    public boolean isAlive() {
        return nameServer.isAlive() && broker.isAlive();
    }

    @Override
    public List<JvmProcess> processes() {
        return List.of(nameServer, broker);
    }

    @Override
    public List<JvmProcess.StopReport> stop() {
        return List.of(broker.stop(), nameServer.stop());
    }
}
