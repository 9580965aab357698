package io.tandem.server;

import io.tandem.server.config.BrokerConfig;
import io.tandem.protocol.RemotingCommand;
import io.tandem.protocol.ResponseCode;
import io.tandem.server.support.RawClient;
import io.tandem.server.support.Requests;
import io.tandem.server.tls.TlsConfig;
import io.tandem.server.tls.TlsMode;
import io.tandem.testing.TestCertificates;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Broken TLS handshakes on a TLS listener: record-shaped garbage, a ClientHello cut off in the middle, a ClientHello
 * for SSL 3.0 and a record of an unknown major version each close only their own connection, while a TLS client
 * connected all along, and new ones, keep being served.
 */
class TlsBadInputTest {

    @TempDir
    Path directory;
    private Broker broker;

    @AfterEach
    void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    @ParameterizedTest
    @EnumSource(value = TlsMode.class, names = {"PERMISSIVE", "ENFORCING"})
    void shouldCloseOnlyConnectionsWithBrokenHandshakesAndKeepServingTlsClients(TlsMode mode) throws Exception {
        TestCertificates authority = TestCertificates.authority(directory.resolve("pki"), "bad-input-ca");
        TestCertificates.Issued certificate = authority.issue("broker");
        broker = Broker.start(BrokerConfig.builder(directory.resolve("data")).randomPorts()
                .tls(TlsConfig.of(mode, certificate.certificateChain(), certificate.privateKey())).build());
        String address = broker.brokerAddress();
        Random random = new Random(15);

        try (RawClient healthy = RawClient.tls(address)) {
            assertSends(healthy, "before");

            byte[] garbageRecord = new byte[5 + 64];
            random.nextBytes(garbageRecord);
            garbageRecord[0] = 0x16;
            garbageRecord[1] = 0x03;
            garbageRecord[2] = 0x03;
            garbageRecord[3] = 0x00;
            garbageRecord[4] = 64;
            assertClosedAfter(address, garbageRecord, false);

            byte[] hello = clientHello();
            assertClosedAfter(address, Arrays.copyOf(hello, hello.length / 2), true);

            assertClosedAfter(address, sslv3ClientHello(random), false);

            byte[] unknownVersion = new byte[5 + 32];
            random.nextBytes(unknownVersion);
            unknownVersion[0] = 0x16;
            unknownVersion[1] = 0x04;
            unknownVersion[2] = 0x00;
            unknownVersion[3] = 0x00;
            unknownVersion[4] = 32;
            assertClosedAfter(address, unknownVersion, false);

            assertSends(healthy, "after");
        }
        try (RawClient newcomer = RawClient.tls(address)) {
            assertSends(newcomer, "newcomer");
        }
    }

    private static void assertSends(RawClient client, String body) throws Exception {
        RemotingCommand response = client.call(Requests.send("tls-bad-input", 0, Map.of(),
                body.getBytes(StandardCharsets.UTF_8)));
        assertThat(response.code()).isEqualTo(ResponseCode.SUCCESS);
    }

    /** Writes {@code bytes} on a new plain connection (then ends it if {@code endStream}) and expects it closed. */
    private static void assertClosedAfter(String address, byte[] bytes, boolean endStream) throws Exception {
        try (RawClient client = new RawClient(address)) {
            client.writeRaw(bytes);
            if (endStream) {
                client.shutdownOutput();
            }
            assertThat(client.closedByPeer()).as("connection closed after %d bytes", bytes.length).isTrue();
        }
    }

    /** The first flight a JDK TLS client sends. */
    private static byte[] clientHello() throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, null, null);
        SSLEngine engine = context.createSSLEngine("127.0.0.1", 0);
        engine.setUseClientMode(true);
        engine.beginHandshake();
        ByteBuffer out = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        SSLEngineResult result = engine.wrap(ByteBuffer.allocate(0), out);
        assertThat(result.bytesProduced()).isPositive();
        out.flip();
        byte[] hello = new byte[out.remaining()];
        out.get(hello);
        return hello;
    }

    /** A well-formed ClientHello offering only SSL 3.0, which no listener accepts. */
    private static byte[] sslv3ClientHello(Random random) {
        ByteBuffer body = ByteBuffer.allocate(2 + 32 + 1 + 4 + 2);
        body.put((byte) 3).put((byte) 0);
        byte[] clientRandom = new byte[32];
        random.nextBytes(clientRandom);
        body.put(clientRandom);
        body.put((byte) 0);
        body.putShort((short) 2).putShort((short) 0x002F);
        body.put((byte) 1).put((byte) 0);
        int handshakeLength = 4 + body.capacity();
        ByteBuffer record = ByteBuffer.allocate(5 + handshakeLength);
        record.put((byte) 0x16).put((byte) 3).put((byte) 0).putShort((short) handshakeLength);
        record.put((byte) 1).put((byte) 0).putShort((short) body.capacity());
        record.put(body.array());
        return record.array();
    }
}
