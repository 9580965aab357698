package io.tandem.server.compat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.tandem.protocol.RemotingCommand;
import io.tandem.protocol.RequestCode;
import io.tandem.protocol.ResponseCode;
import io.tandem.protocol.header.CreateTopicRequestHeader;
import io.tandem.server.Broker;
import io.tandem.server.cluster.ClusterConfig;
import io.tandem.server.config.BrokerConfig;
import io.tandem.server.replication.LeaderEpochs;
import io.tandem.server.replication.ReplicaStatus;
import io.tandem.server.replication.ReplicationConfig;
import io.tandem.server.replication.ReplicationMode;
import io.tandem.server.support.RawClient;
import io.tandem.server.support.StoredBodies;
import io.tandem.server.tls.ClientCertificates;
import io.tandem.server.tls.ReplicationTls;
import io.tandem.server.tls.TlsConfig;
import io.tandem.server.tls.TlsMode;
import io.tandem.testing.TestCertificates;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * A replicated broker group whose replication stream runs over mutual TLS: the leader serves replicas whose
 * certificate its trusted authority signed, and refuses the others without disturbing the replica it serves.
 */
class ReplicationTlsCompatibilityTest {

    private static final String TOPIC = "payments";

    @TempDir
    Path directory;

    private final List<AutoCloseable> opened = new ArrayList<>();
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private TestCertificates authority;

    @BeforeEach
    void setUp() throws Exception {
        authority = TestCertificates.authority(directory.resolve("pki"), "group-ca");
        log.start();
        ((Logger) LoggerFactory.getLogger(ReplicationTls.class)).addAppender(log);
    }

    @AfterEach
    void closeAll() throws Exception {
        ((Logger) LoggerFactory.getLogger(ReplicationTls.class)).detachAppender(log);
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
    }

    /** The member's TLS files: its own certificate and key, the listeners plain, {@code trusted} for the stream. */
    private static TlsConfig material(TestCertificates.Issued issued, Path trusted) {
        return new TlsConfig(TlsMode.DISABLED, issued.certificateChain(), issued.privateKey(), null,
                ClientCertificates.NONE, trusted);
    }

    private static ReplicationConfig.Builder fast(ReplicationConfig.Builder builder) {
        return builder.heartbeatInterval(Duration.ofMillis(100)).peerTimeout(Duration.ofSeconds(2))
                .metadataInterval(Duration.ofMillis(200)).reconnectDelay(Duration.ofMillis(100));
    }

    private Broker start(BrokerConfig config) throws IOException {
        Broker broker = Broker.start(config);
        opened.add(broker);
        return broker;
    }

    private Broker startLeader() throws Exception {
        return startLeader(authority.certificate());
    }

    private Broker startLeader(Path trusted) throws Exception {
        Broker leader = start(BrokerConfig.builder(directory.resolve("leader")).randomPorts().brokerName("broker-a")
                .clusterName("c1").tls(material(authority.issue("leader"), trusted))
                .replication(fast(ReplicationConfig.builder().leader(0).mode(ReplicationMode.SYNC).minInSync(2)
                        .syncTimeout(Duration.ofSeconds(3))).tls(true).build())
                .store(store -> store.segmentSize(16L << 20).tailCacheSize(16L << 20)).build());
        try (RawClient client = new RawClient(leader.brokerAddress())) {
            assertThat(client.call(RemotingCommand.request(RequestCode.UPDATE_AND_CREATE_TOPIC)
                    .extFields(new CreateTopicRequestHeader(TOPIC, "TBW102", 2, 2, 6, "SINGLE_TAG", 0, false)
                            .toExtFields())).code()).isEqualTo(ResponseCode.SUCCESS);
        }
        return leader;
    }

    private BrokerConfig replicaConfig(Broker leader, int brokerId, TlsConfig tls, boolean streamTls) {
        return BrokerConfig.builder(directory.resolve("replica-" + brokerId)).randomPorts().brokerName("broker-a")
                .clusterName("c1").tls(tls)
                .cluster(ClusterConfig.builder().embeddedNameServer(false).nameServers(leader.nameServerAddress())
                        .registrationInterval(Duration.ofMillis(500)).build())
                .replication(fast(ReplicationConfig.builder().replica(brokerId,
                        "127.0.0.1:" + leader.replication().port())).tls(streamTls).build())
                .store(store -> store.segmentSize(16L << 20).tailCacheSize(16L << 20)).build();
    }

    private Set<String> send(Broker leader, String prefix, int count) throws Exception {
        RocketMqClients clients = new RocketMqClients(leader.nameServerAddress());
        opened.add(clients);
        DefaultMQProducer producer = clients.producer(prefix + "-producer");
        producer.setRetryTimesWhenSendFailed(0);
        Set<String> acknowledged = new HashSet<>();
        for (int i = 0; i < count; i++) {
            String body = prefix + "-" + i;
            SendResult result = producer.send(new Message(TOPIC, body.getBytes(StandardCharsets.UTF_8)));
            assertThat(result.getSendStatus()).isEqualTo(SendStatus.SEND_OK);
            acknowledged.add(body);
        }
        return acknowledged;
    }

    private static Set<String> bodiesIn(BrokerConfig config) throws IOException {
        return StoredBodies.of(config.storeConfig(), TOPIC, 2, Duration.ofSeconds(10));
    }

    private Set<Long> replicaIds(Broker leader) {
        Set<Long> ids = new HashSet<>();
        leader.replication().replicas().stream().map(ReplicaStatus::brokerId).forEach(ids::add);
        return ids;
    }

    private boolean logged(String fragment) {
        return log.list.stream().anyMatch(event -> event.getFormattedMessage().contains(fragment));
    }

    @Test
    void leaderAndReplicaOverMutualTlsAcknowledgeSyncSendsTheReplicaHolds() throws Exception {
        Broker leader = startLeader();
        BrokerConfig replicaConfig = replicaConfig(leader, 1, material(authority.issue("replica-1"),
                authority.certificate()), true);
        Broker replica = start(replicaConfig);
        await().atMost(Duration.ofSeconds(15)).until(() -> leader.replication().inSyncCount() == 2);

        Set<String> acknowledged = send(leader, "over-tls", 100);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> replica.replication().logEnd() >= leader.replication().logEnd());
        replica.close();

        assertThat(bodiesIn(replicaConfig)).containsAll(acknowledged);
    }

    @Test
    void replicasWithACertificateOfAnotherAuthorityOrNoneAreRefusedWhileTheTrustedReplicaIsServed()
            throws Exception {
        Broker leader = startLeader();
        start(replicaConfig(leader, 1, material(authority.issue("replica-1"), authority.certificate()), true));
        await().atMost(Duration.ofSeconds(15)).until(() -> leader.replication().inSyncCount() == 2);

        // Replica 2 trusts the group's authority but presents a certificate a stranger signed.
        TestCertificates stranger = TestCertificates.authority(directory.resolve("stranger-pki"), "stranger-ca");
        start(replicaConfig(leader, 2, material(stranger.issue("replica-2"), authority.certificate()), true));
        await().atMost(Duration.ofSeconds(15)).until(() -> logged("replica connection from")
                && logged("TLS handshake failed"));

        // A client that trusts the leader but presents no certificate gets nothing from the stream: the leader
        // refuses its handshake, so writing the follow request or reading fails, or the stream ends, and no byte
        // comes back. Which of these the client sees depends on when the leader's alert and close reach it (with
        // TLS 1.3 the client's side of the handshake completes before the leader has checked its certificate).
        try (SSLSocket socket = trustingOnly(authority.certificate(), leader.replication().port())) {
            assertThatThrownBy(() -> {
                DataOutputStream out = new DataOutputStream(socket.getOutputStream());
                byte[] name = "broker-a".getBytes(StandardCharsets.UTF_8);
                out.writeInt(1 + 8 + 4 + 8 + 8 + 2 + name.length);
                out.writeByte(1);
                out.writeLong(0);
                out.writeInt(1);
                out.writeLong(3);
                out.writeLong(0);
                out.writeShort(name.length);
                out.write(name);
                out.flush();
                int first = socket.getInputStream().read();
                if (first >= 0) {
                    throw new AssertionError("the leader answered a replica without a certificate: " + first);
                }
                throw new EOFException("closed by the leader");
            }).isInstanceOf(IOException.class)
                    .as("the leader closes the refused connection rather than leaving it open")
                    .isNotInstanceOf(SocketTimeoutException.class);
        }

        // Neither joined; the trusted replica still acknowledges sync sends.
        assertThat(replicaIds(leader)).containsExactly(1L);
        assertThat(send(leader, "still-served", 20)).hasSize(20);
        assertThat(replicaIds(leader)).containsExactly(1L);
        assertThat(leader.replication().inSyncCount()).isEqualTo(2);
    }

    @Test
    void aPlainReplicaAgainstATlsLeaderIsRefusedWithALogLineSayingSo() throws Exception {
        Broker leader = startLeader();
        start(replicaConfig(leader, 1, TlsConfig.DISABLED, false));

        await().atMost(Duration.ofSeconds(15)).until(() -> logged("the peer does not speak TLS, but this leader has"
                + " tandem.broker.replication.tls.enabled=true"));
        assertThat(replicaIds(leader)).isEmpty();
        assertThat(leader.replication().inSyncCount()).isEqualTo(1);
    }

    @Test
    void theEpochExchangeOfAReturningMemberRunsOverTheSameTls() throws Exception {
        Broker leader = startLeader();
        String address = "127.0.0.1:" + leader.replication().port();
        ReplicationTls trusted = ReplicationTls.start(material(authority.issue("member-2"), authority.certificate()));

        // The leader answers over TLS (a leader with static roles keeps no history, and says so).
        assertThatThrownBy(() -> LeaderEpochs.ask(address, 0, 0, Duration.ofSeconds(5), trusted))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("refused the epoch exchange")
                .hasMessageContaining("keeps no epoch history");
        // In plain TCP it answers nothing.
        assertThatThrownBy(() -> LeaderEpochs.ask(address, 0, 0, Duration.ofSeconds(5)))
                .isInstanceOf(IOException.class)
                .satisfies(failure -> assertThat(String.valueOf(failure.getMessage()))
                        .doesNotContain("refused the epoch exchange"));
    }

    @Test
    void aLeaderTrustsANewAuthorityOnceItsTrustFileIsRenewedWithoutARestart() throws Exception {
        Path trusted = directory.resolve("leader-trusted.pem");
        Files.copy(authority.certificate(), trusted);
        Broker leader = startLeader(trusted);
        TestCertificates partner = TestCertificates.authority(directory.resolve("partner-pki"), "partner-ca");
        start(replicaConfig(leader, 1, material(partner.issue("replica-1"), authority.certificate()), true));
        await().atMost(Duration.ofSeconds(15)).until(() -> logged("TLS handshake failed"));
        assertThat(replicaIds(leader)).isEmpty();

        // Replaced by a rename, as certificate managers do: both authorities from now on.
        Path renewed = directory.resolve("leader-trusted.pem.new");
        Files.writeString(renewed, Files.readString(authority.certificate()) + Files.readString(partner.certificate()));
        Files.move(renewed, trusted, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);

        await().atMost(Duration.ofSeconds(15)).until(() -> leader.replication().inSyncCount() == 2);
        assertThat(send(leader, "after-renewal", 10)).hasSize(10);
    }

    /** A TLS connection to 127.0.0.1:{@code port} trusting the authority in {@code trusted}, with no certificate. */
    private static SSLSocket trustingOnly(Path trusted, int port) throws Exception {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(trusted)) {
            trust.setCertificateEntry("ca", (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(in));
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        return socket;
    }
}
