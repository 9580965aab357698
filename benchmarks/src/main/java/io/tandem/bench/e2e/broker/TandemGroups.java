package io.tandem.bench.e2e.broker;

import io.tandem.store.io.IoEngineKind;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Several Tandem broker groups of one broker each behind one stand-alone name server, all run from mq-server's
 * executable jar as an operator would: a {@code tandem.role=name-server} process and {@code groups} processes with
 * {@code tandem.role=broker}, broker names {@code broker-a}, {@code broker-b}, …, every one registering with the name
 * server. Clients connect to the name server, which routes a topic to every group that holds it; the harness creates
 * the topic on each group (see {@code RocketMqDriver#createTopic}).
 *
 * <p>Not thread-safe: the harness starts and stops it from one thread. If a process fails to start, the ones already
 * started are stopped and the failure is thrown, naming the process and its log file.
 */
final class TandemGroups implements BrokerProcess {

    /** Per process; generous, since its JVMs start at once and on a busy 2-core machine each took up to 4 minutes. */
    private static final Duration START_TIMEOUT = Duration.ofMinutes(5);

    /** Heap of the name server, as the RocketMQ target gives its own. */
    private static final String NAME_SERVER_HEAP = "256m";

    private final List<JvmProcess> processes;
    private final String endpoint;
    private final String software;
    private final String settings;
    private final String java;
    private final Duration startTime;

    private TandemGroups(List<JvmProcess> processes, String endpoint, String software, String settings, String java,
                         Duration startTime) {
        this.processes = List.copyOf(processes);
        this.endpoint = endpoint;
        this.software = software;
        this.settings = settings;
        this.java = java;
        this.startTime = startTime;
    }

    static TandemGroups start(BrokerSettings settings, int groups) throws IOException, InterruptedException {
        IoEngineKind engine = Objects.requireNonNull(settings.ioEngine(), "Tandem needs an I/O engine");
        if (groups < 1) {
            throw new IllegalArgumentException("at least one broker group, was " + groups);
        }
        String durability = settings.durability().name().toLowerCase(Locale.ROOT);
        String ioEngine = engine.name().toLowerCase(Locale.ROOT);
        Path jar = settings.locations().requireTandemServerJar();
        List<JvmProcess> started = new ArrayList<>();
        long start = System.nanoTime();
        try {
            int nameServerPort = FreePorts.one();
            started.add(launch(settings, "tandem-name-server", NAME_SERVER_HEAP, jar,
                    nameServerArguments(nameServerPort), nameServerPort));
            for (int group = 0; group < groups; group++) {
                String brokerName = brokerName(group);
                int brokerPort = FreePorts.one();
                started.add(launch(settings, "tandem-" + brokerName, BrokerSettings.HEAP, jar,
                        brokerArguments(settings.directory().resolve(brokerName), brokerName,
                                "127.0.0.1:" + nameServerPort, brokerPort, durability, ioEngine), brokerPort));
            }
            Duration startTime = Duration.ofNanos(System.nanoTime() - start);
            return new TandemGroups(started, "127.0.0.1:" + nameServerPort,
                    "Tandem " + settings.locations().tandemVersion(),
                    groups + " broker group" + (groups == 1 ? "" : "s") + " of one broker behind a stand-alone name"
                            + " server, durability=" + settings.durability() + ", store.io-engine=" + ioEngine,
                    Brokers.describeJava(settings.java()), startTime);
        } catch (IOException | InterruptedException | RuntimeException e) {
            for (int i = started.size() - 1; i >= 0; i--) {
                started.get(i).stop();
            }
            throw e;
        }
    }

    /** broker-a, broker-b, …: the name of group {@code index} (from 0). */
    static String brokerName(int index) {
        return "broker-" + (char) ('a' + index);
    }

    /** The name server's application arguments; their names are checked against the property metadata by a test. */
    static List<String> nameServerArguments(int nameServerPort) {
        return List.of(
                "--tandem.role=name-server",
                "--tandem.broker.bind-address=127.0.0.1",
                "--tandem.broker.advertised-host=127.0.0.1",
                "--tandem.broker.name-server-port=" + nameServerPort,
                "--management.server.port=-1",
                "--spring.main.banner-mode=off");
    }

    /** A broker's application arguments; their names are checked against the property metadata by a test. */
    static List<String> brokerArguments(Path dataDirectory, String brokerName, String nameServer, int brokerPort,
                                        String durability, String ioEngine) {
        return List.of(
                "--tandem.role=broker",
                "--tandem.broker.name-servers=" + nameServer,
                "--tandem.broker.broker-name=" + brokerName,
                "--tandem.broker.data-directory=" + dataDirectory,
                "--tandem.broker.bind-address=127.0.0.1",
                "--tandem.broker.advertised-host=127.0.0.1",
                "--tandem.broker.broker-port=" + brokerPort,
                "--tandem.broker.durability=" + durability,
                "--tandem.broker.store.io-engine=" + ioEngine,
                "--management.server.port=-1",
                "--spring.main.banner-mode=off");
    }

    private static JvmProcess launch(BrokerSettings settings, String name, String heap, Path jar,
                                     List<String> arguments, int port) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(settings.java().toString(),
                "--enable-native-access=ALL-UNNAMED", "-Xms" + heap, "-Xmx" + heap, "-jar", jar.toString()));
        command.addAll(arguments);
        JvmProcess process = JvmProcess.start(name, command, settings.directory(),
                settings.directory().resolve(name + ".log"), Map.of());
        try {
            process.awaitPort(port, START_TIMEOUT);
        } catch (IOException | InterruptedException | RuntimeException e) {
            process.stop();
            throw e;
        }
        return process;
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
        return processes.stream().allMatch(JvmProcess::isAlive);
    }

    @Override
    public List<JvmProcess> processes() {
        return processes;
    }

    @Override
    public List<JvmProcess.StopReport> stop() {
        List<JvmProcess.StopReport> reports = new ArrayList<>();
        for (int i = processes.size() - 1; i >= 0; i--) {
            reports.add(processes.get(i).stop());
        }
        return reports;
    }
}
