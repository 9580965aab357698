package io.tandem.server.cluster;

import io.tandem.protocol.RemotingCommand;
import io.tandem.protocol.RequestCode;
import io.tandem.protocol.ResponseCode;
import io.tandem.protocol.body.ClusterInfo;
import io.tandem.protocol.body.DataVersion;
import io.tandem.protocol.body.RegisterBrokerBody;
import io.tandem.protocol.body.TopicConfig;
import io.tandem.protocol.body.TopicConfigAndMappingSerializeWrapper;
import io.tandem.protocol.header.CreateTopicRequestHeader;
import io.tandem.protocol.header.GetRouteInfoRequestHeader;
import io.tandem.protocol.header.RegisterBrokerRequestHeader;
import io.tandem.protocol.header.RegisterBrokerResponseHeader;
import io.tandem.protocol.route.BrokerData;
import io.tandem.protocol.route.QueueData;
import io.tandem.protocol.route.TopicRouteData;
import io.tandem.server.Broker;
import io.tandem.server.config.BrokerConfig;
import io.tandem.server.NameServer;
import io.tandem.server.NameServerConfig;
import io.tandem.server.namesrv.BrokerMember;
import io.tandem.server.namesrv.BrokerRegistry;
import io.tandem.server.replication.ReplicationConfig;
import io.tandem.server.support.MutableClock;
import io.tandem.server.support.RawClient;
import io.tandem.testing.Ports;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Stand-alone name servers and broker-only brokers in one JVM, talking over loopback. */
class NameServerClusterTest {

    @TempDir
    Path directory;

    private final List<AutoCloseable> opened = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
    }

    private NameServer nameServer(NameServerConfig.Builder config) throws IOException {
        NameServer nameServer = NameServer.start(config.build());
        opened.add(nameServer);
        return nameServer;
    }

    private Broker broker(String name, ClusterConfig cluster) throws IOException {
        return broker(name, cluster, ReplicationConfig.builder());
    }

    private Broker broker(String name, ClusterConfig cluster, ReplicationConfig.Builder replication)
            throws IOException {
        Broker broker = Broker.start(BrokerConfig.builder(directory.resolve(name)).randomPorts().brokerName(name)
                .clusterName("c1").cluster(cluster).replication(replication.build())
                .store(store -> store.segmentSize(64L << 20).tailCacheSize(16L << 20)).build());
        opened.add(broker);
        return broker;
    }

    private static ClusterConfig registeringWith(NameServer... nameServers) {
        List<String> addresses = new ArrayList<>();
        for (NameServer nameServer : nameServers) {
            addresses.add(nameServer.address());
        }
        return ClusterConfig.builder().embeddedNameServer(false).nameServers(addresses)
                .registrationInterval(Duration.ofMillis(200)).build();
    }

    private static void createTopic(Broker broker, String topic, int queues) throws IOException {
        try (RawClient client = new RawClient(broker.brokerAddress())) {
            RemotingCommand response = client.call(RemotingCommand.request(RequestCode.UPDATE_AND_CREATE_TOPIC)
                    .extFields(new CreateTopicRequestHeader(topic, "TBW102", queues, queues, 6, "SINGLE_TAG", 0, false)
                            .toExtFields()));
            assertThat(response.code()).isEqualTo(ResponseCode.SUCCESS);
        }
    }

    private static TopicRouteData route(String nameServer, String topic) throws IOException {
        try (RawClient client = new RawClient(nameServer)) {
            RemotingCommand response = client.call(RemotingCommand.request(RequestCode.GET_ROUTEINFO_BY_TOPIC)
                    .extFields(new GetRouteInfoRequestHeader(topic, null).toExtFields()));
            return response.code() == ResponseCode.SUCCESS ? TopicRouteData.fromJson(response.body()) : null;
        }
    }

    private static ClusterInfo clusterInfo(String nameServer) throws IOException {
        try (RawClient client = new RawClient(nameServer)) {
            return ClusterInfo.fromJson(client.call(RemotingCommand.request(RequestCode.GET_BROKER_CLUSTER_INFO))
                    .body());
        }
    }

    private static List<String> groupsOf(TopicRouteData route) {
        return route == null ? List.of() : route.brokerDatas().stream().map(BrokerData::brokerName).toList();
    }

    @Test
    void shouldRouteATopicOfTwoBrokerGroupsThroughEveryNameServerAndDropABrokerThatStops() throws Exception {
        NameServer first = nameServer(NameServerConfig.builder().randomPort());
        NameServer second = nameServer(NameServerConfig.builder().randomPort());
        Broker a = broker("broker-a", registeringWith(first, second));
        Broker b = broker("broker-b", registeringWith(first, second));
        assertThat(a.nameServerAddress()).isEqualTo(first.address() + ";" + second.address());

        createTopic(a, "orders", 4);
        createTopic(b, "orders", 2);

        for (NameServer nameServer : List.of(first, second)) {
            await().atMost(Duration.ofSeconds(5)).until(() -> groupsOf(route(nameServer.address(), "orders")),
                    groups -> groups.equals(List.of("broker-a", "broker-b")));
            TopicRouteData route = route(nameServer.address(), "orders");
            assertThat(route.queueDatas()).extracting(QueueData::writeQueueNums).containsExactly(4, 2);
            assertThat(route.brokerDatas()).extracting(BrokerData::masterAddress)
                    .containsExactly(a.brokerAddress(), b.brokerAddress());
            assertThat(clusterInfo(nameServer.address()).clusterAddrTable())
                    .containsExactly(Map.entry("c1", List.of("broker-a", "broker-b")));
        }

        b.close();

        for (NameServer nameServer : List.of(first, second)) {
            assertThat(groupsOf(route(nameServer.address(), "orders"))).as("unregistered when it stopped")
                    .containsExactly("broker-a");
            assertThat(clusterInfo(nameServer.address()).brokerAddrTable()).containsOnlyKeys("broker-a");
        }
    }

    @Test
    void shouldRegisterANewTopicAtOnceRatherThanAtTheNextPeriod() throws Exception {
        NameServer nameServer = nameServer(NameServerConfig.builder().randomPort());
        Broker broker = broker("broker-a", ClusterConfig.builder().embeddedNameServer(false)
                .nameServers(nameServer.address()).registrationInterval(Duration.ofHours(1)).build());
        assertThat(route(nameServer.address(), "fresh")).isNull();

        createTopic(broker, "fresh", 2);

        await().atMost(Duration.ofSeconds(5)).until(() -> groupsOf(route(nameServer.address(), "fresh")),
                groups -> groups.equals(List.of("broker-a")));
    }

    @Test
    void shouldRegisterWithANameServerThatStartsAfterTheBrokerWithinSecondsRatherThanAtTheNextPeriod()
            throws Exception {
        int port = Ports.unused();
        String address = "127.0.0.1:" + port;
        broker("broker-a", ClusterConfig.builder().embeddedNameServer(false).nameServers(address)
                .registrationInterval(Duration.ofHours(1)).build());

        NameServer late = nameServer(NameServerConfig.builder().port(port));

        await().atMost(Duration.ofSeconds(10)).until(() -> late.registry().members("broker-a"),
                members -> !members.isEmpty());
    }

    @Test
    void shouldKeepAControlledMemberOutOfTheRoutesUntilItHasALeader() throws Exception {
        NameServer nameServer = nameServer(NameServerConfig.builder().randomPort());
        ClusterConfig cluster = ClusterConfig.builder().embeddedNameServer(false).nameServers(nameServer.address())
                .registrationInterval(Duration.ofHours(1)).build();

        // A broker registers before its start returns; a member waiting for its leader does not.
        Broker waiting = broker("broker-a", cluster, ReplicationConfig.builder().controlled(true).replica(1, null));
        Broker other = broker("broker-b", cluster, ReplicationConfig.builder());
        assertThat(nameServer.registry().members("broker-b")).hasSize(1);
        assertThat(nameServer.registry().members("broker-a")).as("member waiting for its leader").isEmpty();
        waiting.close();
        other.close();

        // The same member, once the controller named its leader, is routed as a replica.
        broker("broker-a", cluster, ReplicationConfig.builder().controlled(true).replica(1, "127.0.0.1:"
                + Ports.unused()));
        assertThat(nameServer.registry().members("broker-a")).extracting(BrokerMember::brokerId)
                .containsExactly(1L);
    }

    @Test
    void shouldExpireABrokerThatFellSilentWhileALiveBrokerRenewsItsLease() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        // The expiry scan is driven by hand here: only the clock decides who is silent.
        NameServer nameServer = nameServer(NameServerConfig.builder().randomPort().clock(clock)
                .brokerExpiry(Duration.ofSeconds(120)).expiryScanInterval(Duration.ofHours(1)));
        Broker alive = broker("broker-alive", registeringWith(nameServer));
        createTopic(alive, "orders", 2);
        try (RawClient silent = new RawClient(nameServer.address())) {
            assertThat(silent.call(registration("broker-silent", "127.0.0.1:1", "orders")).code())
                    .isEqualTo(ResponseCode.SUCCESS);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> groupsOf(route(nameServer.address(), "orders")),
                groups -> groups.equals(List.of("broker-alive", "broker-silent")));

        clock.advance(Duration.ofSeconds(120));
        awaitRenewal(nameServer, "broker-alive", clock);
        assertThat(nameServer.registry().expireSilentMembers()).as("silent for exactly the expiry").isEmpty();

        clock.advance(Duration.ofSeconds(1));
        awaitRenewal(nameServer, "broker-alive", clock);
        assertThat(nameServer.registry().expireSilentMembers()).extracting(BrokerRegistry.ExpiredMember::brokerName)
                .containsExactly("broker-silent");
        assertThat(groupsOf(route(nameServer.address(), "orders"))).containsExactly("broker-alive");
    }

    private static void awaitRenewal(NameServer nameServer, String brokerName, MutableClock clock) {
        await().atMost(Duration.ofSeconds(5)).until(() -> nameServer.registry().members(brokerName),
                members -> !members.isEmpty() && members.stream()
                        .allMatch(member -> member.lastHeardMs() == clock.millis()));
    }

    @Test
    void shouldLetBrokerOnlyProcessesRegisterWithTheEmbeddedNameServerOfAnotherBroker() throws Exception {
        Broker seed = broker("broker-a", ClusterConfig.EMBEDDED.toBuilder()
                .registrationInterval(Duration.ofMillis(200)).build());
        Broker joiner = broker("broker-b", ClusterConfig.builder().embeddedNameServer(false)
                .nameServers(seed.nameServerAddress()).registrationInterval(Duration.ofMillis(200)).build());

        createTopic(seed, "orders", 2);
        createTopic(joiner, "orders", 2);

        await().atMost(Duration.ofSeconds(5)).until(() -> groupsOf(route(seed.nameServerAddress(), "orders")),
                groups -> groups.equals(List.of("broker-a", "broker-b")));
    }

    @Test
    void shouldRefuseARegistrationWhoseBodyDoesNotMatchItsChecksumOrCannotBeRead() throws Exception {
        NameServer nameServer = nameServer(NameServerConfig.builder().randomPort());
        try (RawClient client = new RawClient(nameServer.address())) {
            RemotingCommand.Builder good = registration("broker-x", "127.0.0.1:1", "t");
            RemotingCommand built = good.build();
            Map<String, String> corrupted = new java.util.LinkedHashMap<>(built.extFields());
            corrupted.put("bodyCrc32", String.valueOf(RegisterBrokerBody.crc32(built.body()) ^ 1));
            RemotingCommand crc = client.call(built.toBuilder().extFields(corrupted));
            assertThat(crc.code()).isEqualTo(ResponseCode.SYSTEM_ERROR);
            assertThat(crc.remark()).startsWith("crc32 not match");

            Map<String, String> compressed = new java.util.LinkedHashMap<>(built.extFields());
            compressed.put("compressed", "true");
            compressed.put("bodyCrc32", "0");
            RemotingCommand garbage = client.call(built.toBuilder().extFields(compressed));
            assertThat(garbage.code()).isEqualTo(ResponseCode.INVALID_PARAMETER);
            assertThat(garbage.remark()).contains("zlib");

            Map<String, String> missing = new java.util.LinkedHashMap<>(built.extFields());
            missing.remove("brokerAddr");
            RemotingCommand noAddress = client.call(built.toBuilder().extFields(missing));
            assertThat(noAddress.code()).isEqualTo(ResponseCode.INVALID_PARAMETER);
            assertThat(noAddress.remark()).contains("brokerAddr");
        }
        assertThat(nameServer.registry().clusterInfo().brokerAddrTable()).isEmpty();
    }

    @Test
    void shouldReadACompressedRegistrationAndAnswerAReplicaWithItsLeader() throws Exception {
        NameServer nameServer = nameServer(NameServerConfig.builder().randomPort());
        try (RawClient client = new RawClient(nameServer.address())) {
            assertThat(client.call(registration("broker-z", "127.0.0.1:1", "t")).code())
                    .isEqualTo(ResponseCode.SUCCESS);
            byte[] body = new RegisterBrokerBody(TopicConfigAndMappingSerializeWrapper.of(DataVersion.INITIAL,
                    Map.of("t", new TopicConfig("t", 2, 2, 6, "SINGLE_TAG", 0, false, Map.of()))), List.of())
                    .encode(true);
            RemotingCommand replica = client.call(RemotingCommand.request(RequestCode.REGISTER_BROKER)
                    .extFields(new RegisterBrokerRequestHeader("broker-z", "127.0.0.1:2", "c1", "127.0.0.1:3", 1,
                            null, false, true, RegisterBrokerBody.crc32(body), 7L, 1L, 42L).toExtFields())
                    .body(body));

            assertThat(replica.code()).isEqualTo(ResponseCode.SUCCESS);
            RegisterBrokerResponseHeader answer = RegisterBrokerResponseHeader.fromExtFields(replica.extFields());
            assertThat(answer.masterAddr()).isEqualTo("127.0.0.1:1");
            assertThat(answer.haServerAddr()).isEqualTo("127.0.0.1:1");
        }
        assertThat(nameServer.registry().members("broker-z")).satisfiesExactly(
                leader -> assertThat(leader.brokerId()).isZero(),
                replica -> {
                    assertThat(replica.brokerId()).isEqualTo(1);
                    assertThat(replica.memberId()).isEqualTo(7);
                    assertThat(replica.epoch()).isEqualTo(1L);
                    assertThat(replica.maxOffset()).isEqualTo(42L);
                    assertThat(replica.haAddress()).isEqualTo("127.0.0.1:3");
                });
        assertThat(route(nameServer.address(), "t").brokerDatas().getFirst().brokerAddrs())
                .containsExactly(Map.entry(0L, "127.0.0.1:1"), Map.entry(1L, "127.0.0.1:2"));
    }

    private static RemotingCommand.Builder registration(String brokerName, String address, String topic) {
        byte[] body = new RegisterBrokerBody(TopicConfigAndMappingSerializeWrapper.of(DataVersion.INITIAL,
                Map.of(topic, new TopicConfig(topic, 2, 2, 6, "SINGLE_TAG", 0, false, Map.of()))), List.of())
                .encode(false);
        return RemotingCommand.request(RequestCode.REGISTER_BROKER)
                .extFields(new RegisterBrokerRequestHeader(brokerName, address, "c1", address, 0, null, false, false,
                        RegisterBrokerBody.crc32(body), null, null, null).toExtFields())
                .body(body);
    }
}
