package io.tandem.coordinator;

import io.tandem.coordinator.broker.BrokerAdminClient;
import io.tandem.coordinator.broker.BrokerDirectory;
import io.tandem.coordinator.record.DecisionRecord;
import io.tandem.coordinator.record.HalfRecord;
import io.tandem.coordinator.record.HalfState;
import io.tandem.coordinator.record.TransactionRecord;
import io.tandem.coordinator.support.CheckEndpoint;
import io.tandem.coordinator.support.CoordinatorTestApplication;
import io.tandem.coordinator.support.SimulatedProducer;
import io.tandem.coordinator.support.SimulatedProducer.SentHalf;
import io.tandem.protocol.body.HalfDecisionList;
import io.tandem.protocol.header.TransactionResolution;
import io.tandem.protocol.txn.Decision;
import io.tandem.protocol.txn.EndOfChecks;
import io.tandem.server.Broker;
import io.tandem.server.NameServer;
import io.tandem.server.NameServerConfig;
import io.tandem.server.cluster.ClusterConfig;
import io.tandem.server.config.BrokerConfig;
import io.tandem.server.replication.ReplicationConfig;
import io.tandem.server.replication.ReplicationMode;
import io.tandem.server.txn.CheckBackPolicy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The coordinator configured with a name server only: it finds both broker groups and their leaders, and when the
 * leader of broker-a stops and its replica's data directory starts as the leader under the same broker name, it
 * follows: a half whose check answer was on its way during the change, and a half checked on the old leader and
 * answered on the new one, are each decided once and stay one record.
 */
@SpringBootTest(classes = CoordinatorTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = {
                "tandem.coordinator.poll-interval=100ms",
                "tandem.coordinator.broker-timeout=1s",
                "tandem.coordinator.name-server-refresh=1s",
                "tandem.coordinator.lease-period=20s",
                "tandem.coordinator.backoff.initial=300ms",
                "tandem.coordinator.backoff.max=600ms",
                "tandem.coordinator.max-checks=100",
                "tandem.coordinator.http.timeout=5s",
        })
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class LeaderChangeTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Duration IN_FLIGHT = Duration.ofSeconds(3);

    static NameServer nameServer;
    static Path directory;
    static Broker leader;
    static Broker replica;
    static Broker other;
    static CheckEndpoint endpoint;
    static final List<AutoCloseable> opened = new ArrayList<>();

    @Autowired
    TransactionRecord record;
    @Autowired
    BrokerAdminClient admin;
    @Autowired
    BrokerDirectory brokers;

    @DynamicPropertySource
    static void cluster(DynamicPropertyRegistry registry) throws IOException {
        directory = Files.createTempDirectory("tandem-coordinator-leader-change");
        nameServer = NameServer.start(NameServerConfig.builder().randomPort().build());
        opened.add(nameServer);
        leader = start("a-leader", "broker-a", ReplicationConfig.builder().leader(0).mode(ReplicationMode.ASYNC));
        replica = start("a-replica", "broker-a",
                ReplicationConfig.builder().replica(1, "127.0.0.1:" + leader.replication().port()));
        other = start("b-leader", "broker-b", ReplicationConfig.builder().leader(0).mode(ReplicationMode.ASYNC));
        endpoint = new CheckEndpoint();
        opened.add(endpoint);
        registry.add("tandem.coordinator.name-servers", nameServer::address);
        registry.add("tandem.coordinator.producers.pg-http.check-url", () -> endpoint.baseUrl() + "/check");
        registry.add("spring.datasource.url", () -> "jdbc:h2:mem:leader-change-" + UUID.randomUUID());
    }

    private static BrokerConfig config(String member, String brokerName, ReplicationConfig.Builder replication) {
        return BrokerConfig.builder(directory.resolve(member)).randomPorts().brokerName(brokerName).clusterName("c1")
                .cluster(ClusterConfig.builder().embeddedNameServer(false).nameServers(nameServer.address())
                        .registrationInterval(Duration.ofMillis(500)).build())
                .replication(replication.heartbeatInterval(Duration.ofMillis(100))
                        .peerTimeout(Duration.ofSeconds(2)).metadataInterval(Duration.ofMillis(200))
                        .reconnectDelay(Duration.ofMillis(100)).build())
                .builtInCheckBack(false)
                .checkBack(new CheckBackPolicy(Duration.ofMillis(300), Duration.ofSeconds(1), 15,
                        EndOfChecks.ROLLBACK))
                .build();
    }

    private static Broker start(String member, String brokerName, ReplicationConfig.Builder replication)
            throws IOException {
        Broker broker = Broker.start(config(member, brokerName, replication));
        opened.add(broker);
        return broker;
    }

    @AfterAll
    static void stopAll() throws Exception {
        for (AutoCloseable resource : opened.reversed()) {
            resource.close();
        }
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private SimulatedProducer producer(Broker broker, String group) {
        SimulatedProducer producer = new SimulatedProducer(broker.brokerAddress(), group);
        opened.add(producer);
        return producer;
    }

    private HalfRecord onlyHalf(String group) {
        List<HalfRecord> halves = record.halvesOfGroup(group);
        assertThat(halves).as("records of group %s", group).hasSize(1);
        return halves.getFirst();
    }

    private boolean decided(String group, HalfState state) {
        List<HalfRecord> halves = record.halvesOfGroup(group);
        return halves.size() == 1 && halves.getFirst().state() == state;
    }

    @Test
    void shouldFollowTheNewLeaderOfAGroupAndDecideEachHalfOnce() throws Exception {
        await().atMost(WAIT).until(() -> brokers.addresses().containsAll(List.of("broker-a", "broker-b")));

        // A group of its own: found through the name server, checked and decided there.
        SimulatedProducer onB = producer(other, "pg-b").online()
                .answering((transactionId, check) -> TransactionResolution.COMMIT);
        onB.sendHalf("orders", "TX-B", null);
        await().atMost(WAIT).until(() -> decided("pg-b", HalfState.COMMITTED));
        assertThat(onlyHalf("pg-b").broker()).isEqualTo("broker-b");

        // On broker-a: one half checked over HTTP whose answer is on its way while the leader changes, and one
        // checked through the broker and answered UNKNOWN by its producer until then.
        CountDownLatch httpCheckInFlight = new CountDownLatch(1);
        AtomicInteger httpChecks = new AtomicInteger();
        endpoint.answering(query -> {
            if (httpChecks.incrementAndGet() == 1) {
                httpCheckInFlight.countDown();
                return CheckEndpoint.Reply.state("COMMIT").after(IN_FLIGHT.toMillis());
            }
            return CheckEndpoint.Reply.state("COMMIT");
        });
        SentHalf viaHttp = producer(leader, "pg-http").sendHalf("payments", "TX-HTTP", null);
        SimulatedProducer before = producer(leader, "pg-broker").online()
                .answering((transactionId, check) -> TransactionResolution.UNKNOWN);
        SentHalf viaBroker = before.sendHalf("payments", "TX-BROKER", null);
        await().atMost(WAIT).until(() -> before.checksReceived("TX-BROKER") >= 1);
        assertThat(httpCheckInFlight.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(onlyHalf("pg-http").broker()).isEqualTo("broker-a");
        assertThat(onlyHalf("pg-broker").broker()).isEqualTo("broker-a");
        await().atMost(WAIT).until(() -> leader.replication().replicas().stream()
                .anyMatch(r -> r.brokerId() == 1 && r.lagBytes() == 0 && r.ackedPosition() > 0));

        // The leader stops; the replica's data directory starts as broker-a's leader on other ports.
        String oldLeader = leader.brokerAddress();
        leader.close();
        replica.close();
        Broker promoted = start("a-replica", "broker-a",
                ReplicationConfig.builder().leader(0).mode(ReplicationMode.ASYNC));
        // Until the name server lists the new leader, the group has none.
        await().atMost(WAIT).ignoreExceptions().until(() -> !oldLeader.equals(brokers.addressOf("broker-a")));
        assertThat(brokers.addressOf("broker-a")).isEqualTo(promoted.brokerAddress());
        producer(promoted, "pg-broker").online().answering((transactionId, check) -> TransactionResolution.COMMIT);

        await().atMost(WAIT).until(() -> decided("pg-http", HalfState.COMMITTED)
                && decided("pg-broker", HalfState.COMMITTED));
        HalfDecisionList onPromoted = admin.decisions("broker-a", 0, 100);
        assertThat(onPromoted.decisions()).extracting(HalfDecisionList.Entry::halfOffset)
                .containsExactlyInAnyOrder(viaHttp.halfOffset(), viaBroker.halfOffset());
        assertThat(onPromoted.decisions()).extracting(HalfDecisionList.Entry::decision).containsOnly(Decision.COMMIT);
        assertThat(record.decisions("broker-a")).extracting(DecisionRecord::halfOffset)
                .containsExactlyInAnyOrder(viaHttp.halfOffset(), viaBroker.halfOffset());
        assertThat(record.decisions("broker-b")).hasSize(1);
    }
}
