package io.tandem.server.compat;

import io.tandem.protocol.RemotingCommand;
import io.tandem.protocol.RequestCode;
import io.tandem.protocol.ResponseCode;
import io.tandem.protocol.header.GetRouteInfoRequestHeader;
import io.tandem.server.Broker;
import io.tandem.server.NameServer;
import io.tandem.server.NameServerConfig;
import io.tandem.server.cluster.ClusterConfig;
import io.tandem.server.config.BrokerConfig;
import io.tandem.server.remoting.PeerClient;
import io.tandem.server.support.RawClient;
import io.tandem.server.tls.ClientCertificates;
import io.tandem.server.tls.PeerTls;
import io.tandem.server.tls.TlsConfig;
import io.tandem.server.tls.TlsMode;
import io.tandem.testing.TestCertificates;
import org.apache.rocketmq.client.impl.MQClientAPIImpl;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.remoting.protocol.route.BrokerData;
import org.apache.rocketmq.remoting.protocol.route.TopicRouteData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * A stand-alone name server with TLS: enforcing refuses plain connections, the unmodified RocketMQ 5.3.3 client with
 * {@code setUseTLS(true)} gets routes from it, and brokers register with it over TLS
 * ({@link TlsConfig#nameServerClient()}), checking its certificate and presenting their own when it asks for one.
 */
class NameServerTlsCompatibilityTest {

    private static final long TIMEOUT_MS = 5_000;
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    @TempDir
    Path directory;
    private TestCertificates authority;
    private TestCertificates.Issued nameServerCertificate;
    private TestCertificates.Issued brokerCertificate;
    private final List<AutoCloseable> opened = new ArrayList<>();

    @BeforeEach
    void certificates() throws Exception {
        authority = TestCertificates.authority(directory.resolve("pki"), "cluster-ca");
        nameServerCertificate = authority.issue("name-server");
        brokerCertificate = authority.issue("broker");
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
    }

    private NameServer nameServer(TlsConfig tls) throws Exception {
        NameServer nameServer = NameServer.start(NameServerConfig.builder().randomPort().tls(tls).build());
        opened.add(nameServer);
        return nameServer;
    }

    private TlsConfig enforcing(TestCertificates.Issued certificate) {
        return TlsConfig.of(TlsMode.ENFORCING, certificate.certificateChain(), certificate.privateKey());
    }

    /** A broker without a name server of its own, registering with {@code nameServer} over TLS. */
    private Broker broker(String name, NameServer nameServer) throws Exception {
        Broker broker = Broker.start(BrokerConfig.builder(directory.resolve(name)).randomPorts().brokerName(name)
                .clusterName("secure").store(store -> store.segmentSize(64L << 20).tailCacheSize(16L << 20))
                .tls(enforcing(brokerCertificate).withNameServerClient(true, authority.certificate()))
                .cluster(ClusterConfig.builder().embeddedNameServer(false).nameServers(nameServer.address())
                        .registrationInterval(Duration.ofSeconds(1)).build())
                .build());
        opened.add(broker);
        return broker;
    }

    private static RemotingCommand.Builder routeRequest(String topic) {
        return RemotingCommand.request(RequestCode.GET_ROUTEINFO_BY_TOPIC)
                .extFields(new GetRouteInfoRequestHeader(topic, null).toExtFields());
    }

    @Test
    void shouldRefuseAPlainConnectionAndAnswerOverTlsWhenEnforcing() throws Exception {
        NameServer nameServer = nameServer(enforcing(nameServerCertificate));

        try (RawClient plain = new RawClient(nameServer.address())) {
            plain.send(routeRequest("anything").build());
            assertThat(plain.closedByPeer()).as("plain connection closed by the enforcing name server").isTrue();
        }
        try (RawClient overTls = RawClient.tls(nameServer.address())) {
            assertThat(overTls.call(routeRequest("anything")).code()).isEqualTo(ResponseCode.TOPIC_NOT_EXIST);
        }
    }

    @Test
    void shouldRegisterABrokerOverTlsAndServeItsRoutesToTheRocketMqClientOverTls() throws Exception {
        NameServer nameServer = nameServer(enforcing(nameServerCertificate));
        Broker broker = broker("broker-tls", nameServer);

        try (RocketMqClients clients = new RocketMqClients(nameServer.address(), null, true)) {
            DefaultMQProducer producer = clients.producer("ns-tls-producers");
            MQClientAPIImpl api = producer.getDefaultMQProducerImpl().getmQClientFactory().getMQClientAPIImpl();
            api.createTopic(broker.brokerAddress(), "TBW102",
                    new org.apache.rocketmq.common.TopicConfig("secured-orders", 2, 2, 6), TIMEOUT_MS);

            await().atMost(TIMEOUT).until(() -> !api.getTopicRouteInfoFromNameServer("secured-orders", TIMEOUT_MS)
                    .getBrokerDatas().isEmpty());
            TopicRouteData route = api.getTopicRouteInfoFromNameServer("secured-orders", TIMEOUT_MS);
            assertThat(route.getBrokerDatas()).extracting(BrokerData::getBrokerName).containsExactly("broker-tls");
            assertThat(route.getBrokerDatas().getFirst().selectBrokerAddr()).isEqualTo(broker.brokerAddress());

            Message message = new Message("secured-orders", "routed over tls".getBytes(StandardCharsets.UTF_8));
            assertThat(producer.send(message).getSendStatus()).isEqualTo(SendStatus.SEND_OK);
        }
    }

    @Test
    void shouldPresentTheBrokerCertificateToANameServerRequiringClientCertificates() throws Exception {
        NameServer nameServer = nameServer(enforcing(nameServerCertificate)
                .withClientCertificates(ClientCertificates.REQUIRED, authority.certificate()));
        broker("broker-mtls", nameServer);

        await().atMost(TIMEOUT).until(() -> nameServer.registry().members("broker-mtls").size() == 1);
        assertThat(nameServer.registry().clusterInfo().clusterAddrTable().get("secure"))
                .containsExactly("broker-mtls");
    }

    @Test
    void shouldRefuseANameServerWhoseCertificateIsNotSignedByTheTrustedAuthority() throws Exception {
        TestCertificates stranger = TestCertificates.authority(directory.resolve("other-pki"), "stranger-ca");
        NameServer impostor = nameServer(enforcing(stranger.issue("impostor")));

        PeerTls trustingCluster = PeerTls.start(TlsConfig.DISABLED.withNameServerClient(true,
                authority.certificate()));
        try (PeerClient client = new PeerClient("tls-check", Duration.ofSeconds(5), trustingCluster)) {
            assertThatThrownBy(() -> client.invoke(impostor.address(), routeRequest("anything").build(),
                    Duration.ofSeconds(5)).get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(ConnectException.class).hasMessageContaining("TLS handshake");
        }

        PeerTls trustingStranger = PeerTls.start(TlsConfig.DISABLED.withNameServerClient(true,
                stranger.certificate()));
        try (PeerClient client = new PeerClient("tls-check", Duration.ofSeconds(5), trustingStranger)) {
            RemotingCommand response = client.invoke(impostor.address(), routeRequest("anything").build(),
                    Duration.ofSeconds(5)).get(10, TimeUnit.SECONDS);
            assertThat(response.code()).isEqualTo(ResponseCode.TOPIC_NOT_EXIST);
        }
    }

    @Test
    void shouldRefuseNameServerTlsWithoutTrustedCertificates() {
        assertThatThrownBy(() -> TlsConfig.DISABLED.withNameServerClient(true, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("trusted certificate authorities");
    }
}
