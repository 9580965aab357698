package io.tandem.server.namesrv;

import io.tandem.protocol.body.DataVersion;
import io.tandem.protocol.body.TopicConfig;
import io.tandem.protocol.route.BrokerData;
import io.tandem.protocol.route.QueueData;
import io.tandem.protocol.route.TopicRouteData;
import io.tandem.server.support.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class BrokerRegistryTest {

    private static final Duration EXPIRY = Duration.ofSeconds(120);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final BrokerRegistry registry = new BrokerRegistry(clock, EXPIRY);

    private static Map<String, TopicConfig> topics(String... names) {
        Map<String, TopicConfig> topics = new LinkedHashMap<>();
        Arrays.stream(names).forEach(name -> topics.put(name,
                new TopicConfig(name, 4, 4, 6, "SINGLE_TAG", 0, false, Map.of())));
        return topics;
    }

    private static BrokerRegistration member(String group, String address, long brokerId, Long epoch,
                                             Map<String, TopicConfig> topics) {
        return new BrokerRegistration("c1", group, address, null, brokerId, brokerId, epoch, null, null,
                DataVersion.INITIAL, topics, false, false);
    }

    @Test
    void shouldRouteATopicOverEveryGroupThatHoldsIt() {
        registry.register(member("broker-a", "127.0.0.1:1001", 0, null, topics("orders", "only-a")));
        registry.register(member("broker-b", "127.0.0.1:2001", 0, null, topics("orders")));

        TopicRouteData route = registry.route("orders").orElseThrow();

        assertThat(route.queueDatas()).extracting(QueueData::brokerName).containsExactly("broker-a", "broker-b");
        assertThat(route.brokerDatas()).extracting(BrokerData::masterAddress)
                .containsExactly("127.0.0.1:1001", "127.0.0.1:2001");
        assertThat(route.orderTopicConf()).isNull();
        assertThat(registry.route("only-a").orElseThrow().brokerDatas()).extracting(BrokerData::brokerName)
                .containsExactly("broker-a");
        assertThat(registry.route("unknown")).isEmpty();
        assertThat(registry.clusterInfo().clusterAddrTable()).containsExactly(
                Map.entry("c1", List.of("broker-a", "broker-b")));
        assertThat(registry.topics().topicList()).containsExactly("only-a", "orders");
    }

    @Test
    void shouldListEveryMemberUnderItsBrokerIdAndNameTheLeaderToAReplica() {
        registry.register(member("broker-a", "127.0.0.1:1001", 0, 3L, topics("orders")));
        RegistrationResult replica = registry.register(member("broker-a", "127.0.0.1:1002", 1, 3L,
                topics("orders", "replica-only")));

        assertThat(replica.accepted()).isTrue();
        assertThat(replica.leaderAddress()).isEqualTo("127.0.0.1:1001");
        assertThat(registry.route("orders").orElseThrow().brokerDatas()).singleElement().satisfies(group ->
                assertThat(group.brokerAddrs()).containsExactly(Map.entry(0L, "127.0.0.1:1001"),
                        Map.entry(1L, "127.0.0.1:1002")));
        assertThat(registry.route("replica-only")).as("a replica's topics do not make routes while the group has a"
                + " leader").isEmpty();
        assertThat(registry.members("broker-a")).extracting(BrokerMember::brokerId).containsExactly(0L, 1L);
        assertThat(registry.memberGroup("c1", "broker-a").brokerAddrs()).containsOnlyKeys(0L, 1L);
    }

    @Test
    void shouldExpireAMemberOnlyWhenItHasBeenSilentLongerThanItsTimeout() {
        registry.register(member("broker-a", "127.0.0.1:1001", 0, null, topics("orders")));
        registry.register(member("broker-b", "127.0.0.1:2001", 0, null, topics("orders")));

        clock.advance(Duration.ofSeconds(60));
        registry.register(member("broker-b", "127.0.0.1:2001", 0, null, topics("orders")));
        clock.advance(Duration.ofSeconds(60));
        assertThat(registry.expireSilentMembers()).as("silent for exactly the timeout").isEmpty();

        clock.advance(Duration.ofMillis(1));
        assertThat(registry.expireSilentMembers()).extracting(expired -> expired.member().address())
                .containsExactly("127.0.0.1:1001");
        assertThat(registry.route("orders").orElseThrow().brokerDatas()).extracting(BrokerData::brokerName)
                .containsExactly("broker-b");
        assertThat(registry.clusterInfo().brokerAddrTable()).containsOnlyKeys("broker-b");

        clock.advance(Duration.ofSeconds(61));
        registry.expireSilentMembers();
        assertThat(registry.route("orders")).isEmpty();
        assertThat(registry.clusterInfo().clusterAddrTable()).isEmpty();
    }

    @Test
    void shouldHonourTheTimeoutAMemberAskedForAndNeverExpireAPinnedOne() {
        registry.register(new BrokerRegistration("c1", "short", "127.0.0.1:1001", null, 0, 0, null, null,
                Duration.ofSeconds(5), DataVersion.INITIAL, topics("t"), false, false));
        registry.register(new BrokerRegistration("c1", "local", "127.0.0.1:3001", null, 0, 0, null, null, null,
                DataVersion.INITIAL, topics("t"), true, true));

        clock.advance(Duration.ofSeconds(6));
        registry.expireSilentMembers();
        assertThat(registry.clusterInfo().brokerAddrTable()).containsOnlyKeys("local");

        clock.advance(Duration.ofDays(1));
        registry.expireSilentMembers();
        assertThat(registry.clusterInfo().brokerAddrTable()).containsOnlyKeys("local");
    }

    @Test
    void shouldRefuseAClaimOnABrokerIdHeldAtANewerEpochAndLetANewerClaimDisplaceTheHolder() {
        registry.register(member("broker-a", "127.0.0.1:1001", 0, 5L, topics("orders")));

        RegistrationResult stale = registry.register(member("broker-a", "127.0.0.1:1002", 0, 4L, topics("orders")));
        assertThat(stale.accepted()).isFalse();
        assertThat(stale.reason()).contains("127.0.0.1:1001").contains("epoch 5");
        assertThat(registry.members("broker-a")).extracting(BrokerMember::address).containsExactly("127.0.0.1:1001");

        RegistrationResult newer = registry.register(member("broker-a", "127.0.0.1:1002", 0, 6L, topics("orders")));
        assertThat(newer.accepted()).isTrue();
        assertThat(registry.route("orders").orElseThrow().brokerDatas().getFirst().brokerAddrs())
                .containsExactly(Map.entry(0L, "127.0.0.1:1002"));
    }

    @Test
    void shouldMoveAMemberToTheIdItRegistersWith() {
        registry.register(member("broker-a", "127.0.0.1:1001", 0, 1L, topics("orders")));
        registry.register(member("broker-a", "127.0.0.1:1002", 1, 1L, topics("orders")));

        // The replica is promoted: it registers as 0 with the next epoch, the old leader comes back as a replica.
        registry.register(member("broker-a", "127.0.0.1:1002", 0, 2L, topics("orders")));
        registry.register(member("broker-a", "127.0.0.1:1001", 2, 2L, topics("orders")));

        assertThat(registry.route("orders").orElseThrow().brokerDatas().getFirst().brokerAddrs())
                .containsExactly(Map.entry(0L, "127.0.0.1:1002"), Map.entry(2L, "127.0.0.1:1001"));
    }

    @Test
    void shouldMergeTopicsOfARemoteRegistrationAndReplaceThemForAWholeTable() {
        registry.register(member("broker-a", "127.0.0.1:1001", 0, null, topics("a", "b")));
        registry.register(member("broker-a", "127.0.0.1:1001", 0, null, topics("c")));
        assertThat(registry.topics().topicList()).containsExactly("a", "b", "c");

        registry.register(new BrokerRegistration("c1", "broker-a", "127.0.0.1:1001", null, 0, 0, null, null, null,
                DataVersion.INITIAL, topics("b"), true, false));
        assertThat(registry.topics().topicList()).containsExactly("b");
    }

    @Test
    void shouldTakeAGroupsTopicsFromItsLowestReplicaWhileItHasNoLeader() {
        registry.register(member("broker-a", "127.0.0.1:1002", 2, null, topics("from-2")));
        registry.register(member("broker-a", "127.0.0.1:1001", 1, null, topics("from-1")));

        assertThat(registry.topics().topicList()).containsExactly("from-1", "from-2");
        registry.register(member("broker-a", "127.0.0.1:1002", 2, null, topics("again-2")));
        assertThat(registry.topics().topicList()).doesNotContain("again-2");
    }

    @Test
    void shouldForgetAGroupAndItsTopicsWithItsLastMember() {
        registry.register(member("broker-a", "127.0.0.1:1001", 0, null, topics("orders")));
        registry.register(member("broker-a", "127.0.0.1:1002", 1, null, topics("orders")));

        assertThat(registry.unregister("c1", "broker-a", "127.0.0.1:1001", 0)).isTrue();
        assertThat(registry.route("orders").orElseThrow().brokerDatas().getFirst().brokerAddrs())
                .as("a group without a leader is still routed for its readers").containsOnlyKeys(1L);
        assertThat(registry.unregister("c1", "broker-a", "127.0.0.1:1002", 1)).isTrue();
        assertThat(registry.unregister("c1", "broker-a", "127.0.0.1:1002", 1)).isFalse();
        assertThat(registry.route("orders")).isEmpty();
        assertThat(registry.topics().topicList()).isEmpty();
    }

    @Test
    void shouldListTopicsAndDeleteRoutesPerCluster() {
        registry.register(member("broker-a", "127.0.0.1:1001", 0, null, topics("shared", "a-only")));
        registry.register(new BrokerRegistration("c2", "broker-x", "127.0.0.1:9001", null, 0, 0, null, null, null,
                DataVersion.INITIAL, topics("shared"), false, false));

        assertThat(registry.topicsOfCluster("c2").topicList()).containsExactly("shared");
        assertThat(registry.systemTopics().topicList()).containsExactly("c1", "broker-a", "c2", "broker-x");
        assertThat(registry.deleteTopic("shared", "c2")).containsExactly("broker-x");
        assertThat(registry.route("shared").orElseThrow().brokerDatas()).extracting(BrokerData::brokerName)
                .containsExactly("broker-a");
        assertThat(registry.deleteTopic("shared", null)).containsExactly("broker-a");
        assertThat(registry.route("shared")).isEmpty();
    }

    @Test
    void shouldListTheQueuesOfAnOrderedTopicPerGroup() {
        Map<String, TopicConfig> ordered = Map.of("fifo", new TopicConfig("fifo", 4, 2, 6, "SINGLE_TAG", 0, true,
                Map.of()));
        registry.register(member("broker-a", "127.0.0.1:1001", 0, null, ordered));
        registry.register(member("broker-b", "127.0.0.1:2001", 0, null, ordered));

        assertThat(registry.route("fifo").orElseThrow().orderTopicConf()).isEqualTo("broker-a:2;broker-b:2");
    }
}
