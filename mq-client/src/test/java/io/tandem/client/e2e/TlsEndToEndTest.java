package io.tandem.client.e2e;

import io.tandem.client.ClientConfig;
import io.tandem.client.Message;
import io.tandem.client.SendStatus;
import io.tandem.client.consumer.ConsumeFrom;
import io.tandem.client.consumer.PushConsumer;
import io.tandem.client.consumer.PushConsumerConfig;
import io.tandem.client.producer.Producer;
import io.tandem.client.producer.ProducerConfig;
import io.tandem.client.remoting.ClientTls;
import io.tandem.client.remoting.RemotingClientConfig;
import io.tandem.server.testing.RunningBroker;
import io.tandem.server.tls.ClientCertificates;
import io.tandem.server.tls.TlsConfig;
import io.tandem.server.tls.TlsMode;
import io.tandem.testing.TestCertificates;
import io.tandem.testing.ThreadLeaks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static io.tandem.client.e2e.TestClients.clientConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Tandem's client over TLS to a broker that enforces it and requires client certificates: the listener's certificate
 * is checked against the configured authority and host, the client presents its own, and a client that trusts
 * another authority or has no certificate is refused.
 */
class TlsEndToEndTest {

    @TempDir
    Path directory;

    @AfterEach
    void noThreadsLeft() {
        ThreadLeaks.assertNoClientThreadsLeft();
    }

    private static ClientConfig withTls(ClientConfig config, ClientTls tls) {
        return config.toBuilder().rpcTimeout(Duration.ofSeconds(5))
                .remoting(RemotingClientConfig.builder().tls(tls).build()).build();
    }

    @Test
    void shouldProduceAndConsumeOverMutualTlsAndRefuseUntrustedPeers() throws Exception {
        TestCertificates authority = TestCertificates.authority(directory.resolve("pki"), "client-test-ca");
        TestCertificates.Issued server = authority.issue("broker");
        TestCertificates.Issued client = authority.issue("app");
        TestCertificates stranger = TestCertificates.authority(directory.resolve("other-pki"), "stranger-ca");
        TlsConfig tls = TlsConfig.of(TlsMode.ENFORCING, server.certificateChain(), server.privateKey())
                .withClientCertificates(ClientCertificates.REQUIRED, authority.certificate());
        try (RunningBroker broker = RunningBroker.configured(builder -> builder.tls(tls)).start()) {
            ClientConfig trusted = withTls(clientConfig(broker), ClientTls.trusting(authority.certificate())
                    .withCertificate(client.certificateChain(), client.privateKey()));
            assertThat(trusted.remoting().tls().toString()).contains("verifyHostname=true");
            Inbox inbox = new Inbox();
            try (Producer producer = Producer.start(trusted, ProducerConfig.of("tls-writers"));
                 PushConsumer consumer = PushConsumer.concurrent(trusted, PushConsumerConfig.builder("tls-readers")
                         .consumeFrom(ConsumeFrom.FIRST_OFFSET).build(), inbox)) {
                consumer.subscribe("secured", "*").start();
                assertThat(producer.send(Message.builder("secured").body("over mTLS").build()).status())
                        .isEqualTo(SendStatus.SEND_OK);
                await().atMost(Duration.ofSeconds(20)).until(() -> inbox.bodies().contains("over mTLS"));
            }

            ClientConfig wrongAuthority = withTls(clientConfig(broker), ClientTls.trusting(stranger.certificate())
                    .withCertificate(client.certificateChain(), client.privateKey()));
            try (Producer producer = Producer.start(wrongAuthority, ProducerConfig.of("doubting-writers"))) {
                assertThatThrownBy(() -> producer.send(Message.builder("secured").body("no").build()))
                        .hasStackTraceContaining("refused the TLS handshake");
            }

            ClientConfig noCertificate = withTls(clientConfig(broker), ClientTls.trusting(authority.certificate()));
            try (Producer producer = Producer.start(noCertificate, ProducerConfig.of("anonymous-writers"))) {
                assertThatThrownBy(() -> producer.send(Message.builder("secured").body("no").build()))
                        .isInstanceOf(Exception.class);
            }

            ClientConfig plain = clientConfig(broker).toBuilder().rpcTimeout(Duration.ofSeconds(2)).build();
            try (Producer producer = Producer.start(plain, ProducerConfig.of("plain-writers"))) {
                assertThatThrownBy(() -> producer.send(Message.builder("secured").body("no").build()))
                        .isInstanceOf(Exception.class);
            }
        }
    }
}
