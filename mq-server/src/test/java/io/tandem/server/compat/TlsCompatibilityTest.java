package io.tandem.server.compat;

import io.tandem.server.Broker;
import io.tandem.server.config.BrokerConfig;
import io.tandem.server.auth.AuthConfig;
import io.tandem.server.tls.ClientCertificates;
import io.tandem.server.tls.TlsConfig;
import io.tandem.server.tls.TlsMode;
import io.tandem.testing.TestCertificates;
import org.apache.rocketmq.acl.common.AclClientRPCHook;
import org.apache.rocketmq.acl.common.SessionCredentials;
import org.apache.rocketmq.client.consumer.DefaultLitePullConsumer;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.remoting.RPCHook;
import org.apache.rocketmq.remoting.netty.TlsSystemConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The unmodified RocketMQ 5.3.3 client with {@code setUseTLS(true)} against TLS listeners: enforcing refuses plain
 * clients, permissive serves both on one port, required client certificates refuse clients without one, and a
 * certificate replaced on disk is presented to new connections without a restart.
 *
 * <p>The client takes its TLS settings from the static fields of {@code TlsSystemConfig} (the {@code tls.*} system
 * properties) when it starts; tests set them and restore them afterwards.
 */
class TlsCompatibilityTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final AtomicInteger NAMES = new AtomicInteger();
    private static final String ADMIN = "tls-admin";
    private static final String ADMIN_SECRET = "tls-admin-secret-8c1e";

    @TempDir
    Path directory;
    private TestCertificates authority;
    private TestCertificates.Issued server;
    private Broker broker;
    private final List<RocketMqClients> clientSets = new ArrayList<>();
    private final String suffix = "-" + NAMES.incrementAndGet();

    @BeforeEach
    void certificates() throws Exception {
        authority = TestCertificates.authority(directory.resolve("pki"), "tandem-test-ca");
        server = authority.issue("broker");
    }

    @AfterEach
    void stop() throws Exception {
        for (RocketMqClients clients : clientSets) {
            clients.close();
        }
        if (broker != null) {
            broker.close();
        }
        TlsSystemConfig.tlsTestModeEnable = true;
        TlsSystemConfig.tlsClientAuthServer = false;
        TlsSystemConfig.tlsClientTrustCertPath = null;
        TlsSystemConfig.tlsClientCertPath = null;
        TlsSystemConfig.tlsClientKeyPath = null;
    }

    private void startBroker(TlsConfig tls, AuthConfig auth) throws Exception {
        broker = Broker.start(BrokerConfig.builder(directory.resolve("data")).randomPorts().tls(tls).auth(auth)
                .build());
    }

    private TlsConfig tls(TlsMode mode) {
        return TlsConfig.of(mode, server.certificateChain(), server.privateKey());
    }

    private RocketMqClients clients(boolean useTls, RPCHook hook) {
        RocketMqClients clients = new RocketMqClients(broker.nameServerAddress(), hook, useTls);
        clientSets.add(clients);
        return clients;
    }

    /**
     * Client settings that present the given certificate. RocketMQ's client leaves test mode for that
     * ({@code tls.test.mode.enable=false}); with {@code tls.client.authServer=false} it still accepts any listener
     * certificate. (With {@code authServer=true} it would check the chain but, creating its SSL handler without the
     * peer's host name, fails Netty 4.2's default host-name verification: certificate_unknown.)
     */
    private static void clientPresents(TestCertificates.Issued certificate) {
        TlsSystemConfig.tlsTestModeEnable = false;
        TlsSystemConfig.tlsClientAuthServer = false;
        TlsSystemConfig.tlsClientCertPath = certificate.certificateChain().toString();
        TlsSystemConfig.tlsClientKeyPath = certificate.privateKey().toString();
    }

    private static Message message(String topic, String body) {
        return new Message(topic, body.getBytes(StandardCharsets.UTF_8));
    }

    private List<String> drain(DefaultLitePullConsumer consumer, int count) {
        List<String> bodies = new ArrayList<>();
        await().atMost(TIMEOUT).until(() -> {
            for (MessageExt message : consumer.poll(200)) {
                bodies.add(new String(message.getBody(), StandardCharsets.UTF_8));
            }
            return bodies.size() >= count;
        });
        return bodies;
    }

    @Test
    void shouldServeATlsClientWithCredentialsAndRefuseAPlainOneWhenEnforcing() throws Exception {
        startBroker(tls(TlsMode.ENFORCING), AuthConfig.enabled(new AuthConfig.InitialUser(ADMIN, ADMIN_SECRET)));
        RPCHook hook = new AclClientRPCHook(new SessionCredentials(ADMIN, ADMIN_SECRET));
        String topic = "tls-orders" + suffix;

        DefaultMQProducer producer = clients(true, hook).producer("tls-producers" + suffix);
        assertThat(producer.send(message(topic, "over-tls")).getSendStatus()).isEqualTo(SendStatus.SEND_OK);
        DefaultLitePullConsumer consumer = clients(true, hook).litePullConsumer("tls-consumers" + suffix);
        consumer.subscribe(topic, "*");
        consumer.start();
        assertThat(drain(consumer, 1)).containsExactly("over-tls");

        DefaultMQProducer plain = clients(false, hook).producer("plain-producers" + suffix);
        plain.setSendMsgTimeout(2_000);
        assertThatThrownBy(() -> plain.send(message(topic, "plain"))).hasStackTraceContaining("org.apache.rocketmq.remoting.exception.Remoting");
        // Nothing the plain client sent got in: the next TLS message is the only one after the first.
        producer.send(message(topic, "marker"));
        assertThat(drain(consumer, 1)).containsExactly("marker");
    }

    @Test
    void shouldServeTlsAndPlainClientsOnOnePortWhenPermissive() throws Exception {
        startBroker(tls(TlsMode.PERMISSIVE), AuthConfig.DISABLED);
        String topic = "mixed" + suffix;

        DefaultMQProducer overTls = clients(true, null).producer("tls-producers" + suffix);
        DefaultMQProducer plain = clients(false, null).producer("plain-producers" + suffix);
        assertThat(overTls.send(message(topic, "tls")).getSendStatus()).isEqualTo(SendStatus.SEND_OK);
        assertThat(plain.send(message(topic, "plain")).getSendStatus()).isEqualTo(SendStatus.SEND_OK);

        DefaultLitePullConsumer consumer = clients(false, null).litePullConsumer("readers" + suffix);
        consumer.subscribe(topic, "*");
        consumer.start();
        assertThat(drain(consumer, 2)).containsExactlyInAnyOrder("tls", "plain");
    }

    @Test
    void shouldRequireAClientCertificateSignedByTheTrustedAuthority() throws Exception {
        startBroker(tls(TlsMode.ENFORCING).withClientCertificates(ClientCertificates.REQUIRED,
                authority.certificate()), AuthConfig.DISABLED);
        String topic = "mtls" + suffix;

        DefaultMQProducer anonymous = clients(true, null).producer("no-cert-producers" + suffix);
        anonymous.setSendMsgTimeout(2_000);
        assertThatThrownBy(() -> anonymous.send(message(topic, "no certificate")))
                .hasStackTraceContaining("org.apache.rocketmq.remoting.exception.Remoting");

        TestCertificates stranger = TestCertificates.authority(directory.resolve("other-pki"), "stranger-ca");
        TestCertificates.Issued strangerCert = stranger.issue("stranger");
        clientPresents(strangerCert);
        DefaultMQProducer untrusted = clients(true, null).producer("stranger-producers" + suffix);
        untrusted.setSendMsgTimeout(2_000);
        assertThatThrownBy(() -> untrusted.send(message(topic, "untrusted certificate")))
                .hasStackTraceContaining("org.apache.rocketmq.remoting.exception.Remoting");

        TestCertificates.Issued client = authority.issue("app-client");
        clientPresents(client);
        DefaultMQProducer trusted = clients(true, null).producer("cert-producers" + suffix);
        assertThat(trusted.send(message(topic, "with certificate")).getSendStatus()).isEqualTo(SendStatus.SEND_OK);

        DefaultLitePullConsumer consumer = clients(true, null).litePullConsumer("mtls-readers" + suffix);
        consumer.subscribe(topic, "*");
        consumer.start();
        assertThat(drain(consumer, 1)).containsExactly("with certificate");
    }

    @Test
    void shouldPresentACertificateReplacedOnDiskToNewConnectionsWithoutARestart() throws Exception {
        startBroker(tls(TlsMode.ENFORCING), AuthConfig.DISABLED);
        InetSocketAddress address = address(broker.brokerAddress());
        X509Certificate before = presented(address);
        assertThat(before.getSubjectX500Principal().getName()).isEqualTo("CN=broker");

        TestCertificates renewedAuthority = TestCertificates.authority(directory.resolve("new-pki"), "renewed-ca");
        TestCertificates.Issued renewed = renewedAuthority.issue("broker-renewed");
        Files.move(renewed.privateKey(), server.privateKey(),
                StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        // Halfway: the new key does not match the old certificate, so the old certificate stays in use.
        assertThat(presented(address).getSubjectX500Principal().getName()).isEqualTo("CN=broker");
        Files.move(renewed.certificateChain(), server.certificateChain(),
                StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);

        X509Certificate after = presented(address);
        assertThat(after.getSubjectX500Principal().getName()).isEqualTo("CN=broker-renewed");
        assertThat(after.getIssuerX500Principal().getName()).isEqualTo("CN=renewed-ca");

        // New RocketMQ clients keep working through both listeners.
        DefaultMQProducer producer = clients(true, null).producer("renewed-producers" + suffix);
        assertThat(producer.send(message("renewed" + suffix, "after rotation")).getSendStatus())
                .isEqualTo(SendStatus.SEND_OK);
    }

    private static InetSocketAddress address(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        return new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
    }

    /** The certificate the listener at {@code address} presents to a new connection. */
    private static X509Certificate presented(InetSocketAddress address) throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[]{new AcceptingTrustManager()}, null);
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(address.getAddress(),
                address.getPort())) {
            socket.setSoTimeout(10_000);
            socket.startHandshake();
            return (X509Certificate) socket.getSession().getPeerCertificates()[0];
        }
    }

    /** Accepts any server certificate: the test only reads which one was presented. */
    private static final class AcceptingTrustManager implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
