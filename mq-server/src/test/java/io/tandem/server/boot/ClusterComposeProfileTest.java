package io.tandem.server.boot;

import io.tandem.server.config.BrokerConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The "cluster" profile of {@code docker-compose.yml} runs the nodes {@code scripts/local-cluster.sh} starts as
 * processes: the same nodes, each with the same application arguments (the script prints them with {@code args}),
 * except what running in a container needs (listening on every interface of the container, published on the host's
 * loopback only) and the brokers leaving check-backs to the coordinator service. The single-node services stay
 * outside the profile, so {@code docker compose up} still starts them alone.
 */
class ClusterComposeProfileTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    /** Where each node of the cluster profile keeps its files: the script's directory argument. */
    private static final String NODE_ROOT = "/var/lib/tandem";

    private static final String JAR_IN_CONTAINER = "/opt/tandem/broker.jar";

    /** Arguments a node has in a container only: it listens beyond its loopback, for the published ports. */
    private static final Set<String> CONTAINER_ONLY = Set.of(
            "--tandem.broker.auth.allow-insecure=true",
            "--management.server.address=0.0.0.0");

    /** The name servers first: the brokers' checks need their addresses. */
    private static final List<String> NODES = List.of("ns1", "ns2", "ns3", "broker-a-1", "broker-a-2", "broker-a-3");

    private static Map<String, Object> services;
    private static Map<String, List<String>> scriptNodes;

    @BeforeAll
    static void read() throws IOException, InterruptedException {
        try (Reader reader = Files.newBufferedReader(ROOT.resolve("docker-compose.yml"))) {
            Map<String, Object> compose = new Yaml().load(reader);
            services = map(compose.get("services"));
        }
        scriptNodes = scriptArguments();
    }

    @Test
    void shouldRunTheNodesTheScriptStartsOnlyInTheClusterProfile() {
        assertThat(scriptNodes.keySet()).containsExactlyElementsOf(NODES);
        for (String node : NODES) {
            assertThat(services).as("compose services").containsKey(node);
            assertThat(strings(service(node).get("profiles"))).as("%s's profiles", node).containsExactly("cluster");
            assertThat(service(node).get("network_mode")).as("%s's network", node).isEqualTo("service:cluster-net");
        }
        assertThat(strings(service("cluster-net").get("profiles"))).containsExactly("cluster");
        assertThat(strings(service("cluster-coordinator").get("profiles"))).containsExactly("cluster");
        for (String single : List.of("postgres", "broker", "coordinator", "accounts", "ledger", "notifications")) {
            assertThat(service(single)).as("single-node service %s", single).doesNotContainKey("profiles");
        }
    }

    @Test
    void shouldGiveEachNodeTheArgumentsTheScriptGivesIt() {
        for (String node : NODES) {
            List<String> command = strings(service(node).get("command"));
            int jar = command.indexOf(JAR_IN_CONTAINER);
            assertThat(command.subList(0, jar + 1)).as("%s's command", node)
                    .containsExactly("java", "--enable-native-access=ALL-UNNAMED", "-jar", JAR_IN_CONTAINER);
            List<String> arguments = command.subList(jar + 1, command.size());
            assertThat(arguments).as("%s listens beyond the container's loopback, as published ports need", node)
                    .contains("--tandem.broker.bind-address=0.0.0.0").containsAll(CONTAINER_ONLY);

            List<String> asTheScriptRunsIt = new ArrayList<>();
            for (String argument : arguments) {
                if (argument.equals("--tandem.broker.bind-address=0.0.0.0")) {
                    asTheScriptRunsIt.add("--tandem.broker.bind-address=127.0.0.1");
                } else if (!CONTAINER_ONLY.contains(argument)
                        && !argument.equals("--tandem.broker.check-back.built-in=false")) {
                    asTheScriptRunsIt.add(argument);
                }
            }
            assertThat(asTheScriptRunsIt).as("%s's arguments in compose, as the script would run it", node)
                    .containsExactlyInAnyOrderElementsOf(scriptNodes.get(node));
            assertThat(strings(service(node).get("volumes"))).as("%s's volumes", node)
                    .contains("./mq-server/target/tandem-mq-server-0.1.0-SNAPSHOT.jar:" + JAR_IN_CONTAINER + ":ro")
                    .anyMatch(volume -> volume.endsWith(":" + NODE_ROOT + "/" + node));
        }
    }

    @Test
    void shouldFormOneReplicatedGroupRegisteringWithEveryNameServer() {
        Set<String> nameServers = new TreeSet<>();
        Set<String> memberIds = new TreeSet<>();
        for (String node : NODES) {
            Map<String, String> settings = settings(scriptNodes.get(node));
            if (node.startsWith("ns")) {
                assertThat(settings).containsEntry("tandem.role", "name-server")
                        .containsEntry("tandem.controller.enabled", "true")
                        .containsEntry("tandem.controller.id", "c" + node.substring(2));
                assertThat(settings.get("tandem.controller.peers")).isEqualTo(
                        "c1@127.0.0.1:19870,c2@127.0.0.1:19871,c3@127.0.0.1:19872");
                nameServers.add("127.0.0.1:" + settings.get("tandem.broker.name-server-port"));
                continue;
            }
            assertThat(settings).containsEntry("tandem.role", "broker")
                    .containsEntry("tandem.broker.broker-name", "broker-a")
                    .containsEntry("tandem.broker.replication.controlled", "true")
                    .containsEntry("tandem.broker.replication.mode", "sync")
                    .containsEntry("tandem.broker.replication.min-in-sync", "2");
            memberIds.add(settings.get("tandem.broker.replication.member-id"));

            BrokerProperties broker = new Binder(new MapConfigurationPropertySource(settings))
                    .bind(BrokerProperties.PREFIX, Bindable.of(BrokerProperties.class))
                    .orElseThrow(() -> new AssertionError(node + " has no tandem.broker settings"));
            ClusterProperties cluster = new ClusterProperties();
            cluster.setRole(ServerRole.BROKER);
            BrokerConfig config = cluster.toBrokerConfig(broker.toBrokerConfig());
            assertThat(config.cluster().embeddedNameServer()).isFalse();
            assertThat(new TreeSet<>(config.cluster().nameServers())).as("%s registers with", node)
                    .isEqualTo(nameServers);
        }
        assertThat(memberIds).containsExactly("1", "2", "3");
    }

    @Test
    void shouldPublishEveryClientFacingPortOnTheHostsLoopbackOnly() {
        Set<Integer> published = new TreeSet<>();
        Pattern mapping = Pattern.compile("127\\.0\\.0\\.1:(\\d+)(?:-(\\d+))?:(\\d+)(?:-(\\d+))?");
        for (String port : strings(service("cluster-net").get("ports"))) {
            Matcher matcher = mapping.matcher(port);
            assertThat(matcher.matches()).as("%s is published on the host's 127.0.0.1, to the same port", port)
                    .isTrue();
            assertThat(matcher.group(1)).isEqualTo(matcher.group(3));
            int first = Integer.parseInt(matcher.group(1));
            int last = matcher.group(2) == null ? first : Integer.parseInt(matcher.group(2));
            for (int p = first; p <= last; p++) {
                published.add(p);
            }
        }
        for (String node : NODES) {
            Map<String, String> settings = settings(scriptNodes.get(node));
            String port = settings.getOrDefault("tandem.broker.broker-port",
                    settings.get("tandem.broker.name-server-port"));
            assertThat(published).as("%s's port", node).contains(Integer.parseInt(port),
                    Integer.parseInt(settings.get("management.server.port")));
        }
        List<String> coordinator = strings(service("cluster-coordinator").get("command"));
        assertThat(coordinator).as("the coordinator follows the group's leader through every name server").contains(
                "--tandem.coordinator.name-servers=127.0.0.1:19876,127.0.0.1:19877,127.0.0.1:19878",
                "--server.port=18080");
        assertThat(published).contains(18080);
    }

    /** Runs {@code scripts/local-cluster.sh args}: a line per node, its name then its arguments. */
    private static Map<String, List<String>> scriptArguments() throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("bash", ROOT.resolve("scripts/local-cluster.sh").toString(),
                "args", NODE_ROOT).redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> name.startsWith("TANDEM_CLUSTER_"));
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("the script prints its nodes' arguments").isTrue();
        assertThat(process.exitValue()).as("exit status of local-cluster.sh args: %s", output).isZero();
        Map<String, List<String>> nodes = new LinkedHashMap<>();
        output.lines().filter(line -> !line.isBlank()).forEach(line -> {
            List<String> words = Arrays.asList(line.trim().split(" +"));
            nodes.put(words.getFirst(), words.subList(1, words.size()));
        });
        return nodes;
    }

    private static Map<String, String> settings(List<String> arguments) {
        Map<String, String> settings = new LinkedHashMap<>();
        for (String argument : arguments) {
            String[] pair = argument.substring(2).split("=", 2);
            settings.put(pair[0], pair[1]);
        }
        return settings;
    }

    private static Map<String, Object> service(String name) {
        return map(services.get(name));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<String> strings(Object value) {
        return (List<String>) value;
    }
}
