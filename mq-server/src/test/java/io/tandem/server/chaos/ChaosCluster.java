package io.tandem.server.chaos;

import io.tandem.protocol.RemotingCommand;
import io.tandem.protocol.RequestCode;
import io.tandem.protocol.ResponseCode;
import io.tandem.protocol.header.CreateTopicRequestHeader;
import io.tandem.server.support.RawClient;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Three name-server nodes (hosts 1 to 3 of {@link Namespaces}) and one three-member broker group {@code broker-a}
 * with {@code replication=sync} and {@code min-in-sync=2} (hosts 4 to 6), every node the Tandem application in its
 * own JVM. Every node listens on its host's own address with the same ports, as on separate machines.
 *
 * <p>{@link Mode#STATIC}: member 1 leads (broker id 0, replication listener on {@value #REPLICATION_PORT}); members 2
 * and 3 copy from it. {@link Mode#CONTROLLED}: the name servers run the controller quorum (peers on
 * {@value #CONTROLLER_PORT}, lease {@value #LEASE}), every member is {@code controlled} with its member id and any can
 * lead; who leads is read from the members' logs.
 *
 * <p>Faults act on members and name servers by number; a restarted node keeps its data directory and its log file
 * (appended to). Not thread-safe: one test drives it. {@link #close()} kills every node and deletes the hosts.
 */
final class ChaosCluster implements AutoCloseable {

    static final String BROKER_NAME = "broker-a";
    static final int NAME_SERVER_PORT = 9876;
    static final int BROKER_PORT = 10911;
    static final int REPLICATION_PORT = 10912;
    static final int CONTROLLER_PORT = 9870;
    static final String LEASE = "3s";
    static final int MEMBERS = 3;
    static final int NAME_SERVERS = 3;
    /** An upper bound only: on a machine shared by several builds, six JVMs starting at once took minutes. */
    private static final Duration STARTUP = Duration.ofMinutes(5);

    /** Who chooses the group's leader. */
    enum Mode {
        /** A fixed leader, member 1 ({@code tandem.broker.replication.broker-id} and {@code leader-address}). */
        STATIC,
        /** The controller quorum in the name servers ({@code tandem.broker.replication.controlled=true}). */
        CONTROLLED
    }

    private static final Pattern LEADS = Pattern.compile("member (\\d+) of " + BROKER_NAME
            + " serves as leader at epoch (\\d+)");

    private final Namespaces hosts;
    private final Path directory;
    private final Mode mode;
    private final NodeProcess[] nameServers = new NodeProcess[NAME_SERVERS];
    private final NodeProcess[] members = new NodeProcess[MEMBERS];

    private ChaosCluster(Namespaces hosts, Path directory, Mode mode) {
        this.hosts = hosts;
        this.directory = directory;
        this.mode = mode;
    }

    /**
     * Makes the hosts, starts every node and waits until each listens; data and logs go under {@code directory}, which
     * is emptied first (a cluster never starts on an earlier run's logs, epochs or controller state).
     */
    static ChaosCluster start(Path directory, Mode mode) throws IOException {
        deleteRecursively(directory);
        Namespaces hosts = Namespaces.create(NAME_SERVERS + MEMBERS);
        ChaosCluster cluster = new ChaosCluster(hosts, directory, mode);
        try {
            for (int n = 1; n <= NAME_SERVERS; n++) {
                cluster.startNameServer(n);
            }
            for (int m = 1; m <= MEMBERS; m++) {
                cluster.startMember(m);
            }
            for (NodeProcess node : cluster.nodes()) {
                node.awaitListening(STARTUP);
            }
        } catch (IOException | RuntimeException e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    /** The name servers as the RocketMQ client takes them ({@code host:port;host:port;...}). */
    String nameServerList() {
        return IntStream.rangeClosed(1, NAME_SERVERS).mapToObj(n -> hosts.address(n) + ":" + NAME_SERVER_PORT)
                .collect(Collectors.joining(";"));
    }

    /** Name server {@code n} (1 to 3). */
    NodeProcess nameServer(int n) {
        return nameServers[n - 1];
    }

    /** Member {@code m} (1 to 3) of the broker group; member 1 leads. */
    NodeProcess member(int m) {
        return members[m - 1];
    }

    Mode mode() {
        return mode;
    }

    /**
     * The member that leads the group: member 1 in {@link Mode#STATIC}; in {@link Mode#CONTROLLED} the running member
     * that last logged taking the lead at the highest epoch, waiting up to {@code timeout} for one.
     */
    int leader(Duration timeout) {
        if (mode == Mode.STATIC) {
            return 1;
        }
        return await("a running member of " + BROKER_NAME + " serving as leader").atMost(timeout)
                .pollInterval(Duration.ofMillis(100)).until(this::controlledLeader, leader -> leader > 0);
    }

    private int controlledLeader() throws IOException {
        int leader = 0;
        long highest = -1;
        for (int m = 1; m <= MEMBERS; m++) {
            NodeProcess member = member(m);
            if (member == null || !member.isAlive() || !Files.exists(member.log())) {
                continue;
            }
            Matcher leads = LEADS.matcher(Files.readString(member.log()));
            while (leads.find()) {
                long epoch = Long.parseLong(leads.group(2));
                if (Integer.parseInt(leads.group(1)) == m && epoch > highest) {
                    highest = epoch;
                    leader = m;
                }
            }
        }
        return leader;
    }

    /** The id member {@code m} has in the group's logs: its broker id (static) or its member id (controlled). */
    long replicaId(int m) {
        return mode == Mode.STATIC ? m - 1 : m;
    }

    Namespaces hosts() {
        return hosts;
    }

    /** Host (in {@link #hosts()}) of member {@code m}. */
    static int memberHost(int m) {
        return NAME_SERVERS + m;
    }

    /** Starts name server {@code n} again on its host after it stopped or was killed. */
    NodeProcess restartNameServer(int n) throws IOException {
        return startNameServer(n).awaitListening(STARTUP);
    }

    /** Starts member {@code m} again on its data directory after it stopped or was killed. */
    NodeProcess restartMember(int m) throws IOException {
        return startMember(m).awaitListening(STARTUP);
    }

    /** Creates {@code topic} with {@code queues} queues on the leader, which hands it to its replicas. */
    void createTopic(String topic, int queues) {
        String leader = member(leader(STARTUP)).endpoint();
        await("topic " + topic + " created on " + leader).atMost(Duration.ofSeconds(60)).ignoreExceptions()
                .untilAsserted(() -> {
                    try (RawClient client = new RawClient(leader)) {
                        RemotingCommand response = client.call(RemotingCommand.request(
                                RequestCode.UPDATE_AND_CREATE_TOPIC).extFields(new CreateTopicRequestHeader(topic,
                                "TBW102", queues, queues, 6, "SINGLE_TAG", 0, false).toExtFields()));
                        assertThat(response.code()).isEqualTo(ResponseCode.SUCCESS);
                    }
                });
    }

    /**
     * How often any leader has logged member {@code m} joining its in-sync set (member logs span restarts, and in
     * {@link Mode#CONTROLLED} the leader may be any member).
     */
    long inSyncJoins(int m) throws IOException {
        String line = joinedLine(m);
        long joins = 0;
        for (int leader = 1; leader <= MEMBERS; leader++) {
            if (leader != m) {
                joins += memberLog(leader).stream().filter(l -> l.contains(line)).count();
            }
        }
        return joins;
    }

    /** How often member {@code m} has logged taking the lead (its log spans restarts). */
    long leaderStarts(int m) throws IOException {
        String line = leadingLine(m);
        return memberLog(m).stream().filter(l -> l.contains(line)).count();
    }

    /** Whether, since member {@code m} last took the lead, every other member joined its in-sync set. */
    boolean everyOtherMemberJoined(int m) throws IOException {
        List<String> lines = memberLog(m);
        if (lines.isEmpty()) {
            return false;
        }
        String leading = leadingLine(m);
        int from = 0;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(leading)) {
                from = i;
            }
        }
        // Replicas may join as soon as the leader's replication listener is up, before it logs that it leads.
        String listening = "replication listener of broker group " + BROKER_NAME;
        for (int i = from; i >= 0; i--) {
            if (lines.get(i).contains(listening)) {
                from = i;
                break;
            }
        }
        List<String> since = lines.subList(from, lines.size());
        for (int other = 1; other <= MEMBERS; other++) {
            String joined = joinedLine(other);
            if (other != m && since.stream().noneMatch(l -> l.contains(joined))) {
                return false;
            }
        }
        return true;
    }

    /** Waits until a leader logs member {@code m} joining its in-sync set more than {@code joinsBefore} times. */
    void awaitInSync(int m, long joinsBefore, Duration timeout) {
        await("member " + m + " back in the in-sync set (see the logs in " + directory.resolve("logs") + ")")
                .atMost(timeout).pollInterval(Duration.ofMillis(200)).until(() -> inSyncJoins(m) > joinsBefore);
    }

    private NodeProcess startNameServer(int n) throws IOException {
        String address = hosts.address(n);
        List<String> properties = new ArrayList<>(List.of("--tandem.role=name-server",
                "--tandem.broker.data-directory=" + directory.resolve("namesrv-" + n),
                "--tandem.broker.bind-address=" + address,
                "--tandem.broker.advertised-host=" + address,
                "--tandem.broker.name-server-port=" + NAME_SERVER_PORT,
                "--tandem.broker.auth.allow-insecure=true",
                "--tandem.name-server.broker-expiry=10s",
                "--tandem.name-server.expiry-scan-interval=1s"));
        if (mode == Mode.CONTROLLED) {
            properties.addAll(List.of("--tandem.controller.enabled=true",
                    "--tandem.controller.id=c" + n,
                    "--tandem.controller.peers=" + IntStream.rangeClosed(1, NAME_SERVERS)
                            .mapToObj(p -> "c" + p + "@" + hosts.address(p) + ":" + CONTROLLER_PORT)
                            .collect(Collectors.joining(",")),
                    "--tandem.controller.storage-dir=" + directory.resolve("controller-" + n),
                    "--tandem.controller.lease=" + LEASE));
        }
        NodeProcess node = NodeProcess.start(hosts, n, "namesrv-" + n, NAME_SERVER_PORT, directory.resolve("logs"),
                properties);
        nameServers[n - 1] = node;
        return node;
    }

    private NodeProcess startMember(int m) throws IOException {
        int host = memberHost(m);
        String address = hosts.address(host);
        List<String> properties = new ArrayList<>(List.of("--tandem.role=broker",
                "--tandem.broker.data-directory=" + directory.resolve("member-" + m),
                "--tandem.broker.bind-address=" + address,
                "--tandem.broker.advertised-host=" + address,
                "--tandem.broker.broker-port=" + BROKER_PORT,
                "--tandem.broker.cluster-name=ChaosCluster",
                "--tandem.broker.broker-name=" + BROKER_NAME,
                "--tandem.broker.name-servers=" + nameServerList().replace(';', ','),
                "--tandem.broker.registration-interval=1s",
                "--tandem.broker.auth.allow-insecure=true",
                "--tandem.broker.store.segment-size=64MB",
                "--tandem.broker.store.tail-cache-size=16MB",
                "--tandem.broker.store.io-engine=PAGECACHE",
                "--tandem.broker.check-back.transaction-timeout=2s",
                "--tandem.broker.check-back.max-backoff=4s",
                "--tandem.broker.replication.mode=SYNC",
                "--tandem.broker.replication.min-in-sync=2"));
        if (mode == Mode.CONTROLLED) {
            properties.addAll(List.of("--tandem.broker.replication.controlled=true",
                    "--tandem.broker.replication.member-id=" + m,
                    "--tandem.broker.replication.port=" + REPLICATION_PORT,
                    "--tandem.broker.replication.lease=" + LEASE));
        } else if (m == 1) {
            properties.add("--tandem.broker.replication.broker-id=0");
            properties.add("--tandem.broker.replication.port=" + REPLICATION_PORT);
        } else {
            properties.add("--tandem.broker.replication.broker-id=" + (m - 1));
            properties.add("--tandem.broker.replication.leader-address=" + hosts.address(memberHost(1)) + ":"
                    + REPLICATION_PORT);
        }
        NodeProcess node = NodeProcess.start(hosts, host, "member-" + m, BROKER_PORT, directory.resolve("logs"),
                properties);
        members[m - 1] = node;
        return node;
    }

    private List<NodeProcess> nodes() {
        List<NodeProcess> nodes = new ArrayList<>();
        for (NodeProcess node : nameServers) {
            if (node != null) {
                nodes.add(node);
            }
        }
        for (NodeProcess node : members) {
            if (node != null) {
                nodes.add(node);
            }
        }
        return nodes;
    }

    @Override
    public void close() {
        for (NodeProcess node : nodes()) {
            try {
                node.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        hosts.close();
    }

    /** The lines member {@code m} has logged so far, across its restarts (none before it first started). */
    private List<String> memberLog(int m) throws IOException {
        Path log = directory.resolve("logs").resolve("member-" + m + ".log");
        return Files.exists(log) ? Files.readString(log).lines().toList() : List.of();
    }

    /** What member {@code m} logs each time it takes the lead. */
    private static String leadingLine(int m) {
        return "member " + m + " of " + BROKER_NAME + " serves as leader";
    }

    /** What a leader logs each time member {@code m} joins its in-sync set. */
    private String joinedLine(int m) {
        return "replica " + replicaId(m) + " joined the in-sync set";
    }

    private static void deleteRecursively(Path directory) throws IOException {
        if (Files.exists(directory)) {
            try (Stream<Path> paths = Files.walk(directory)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
    }
}
