package io.tandem.server;

import io.tandem.protocol.RemotingCommand;
import io.tandem.protocol.RequestCode;
import io.tandem.protocol.ResponseCode;
import io.tandem.protocol.auth.RequestSignature;
import io.tandem.server.auth.AuthConfig;
import io.tandem.protocol.header.SendMessageResponseHeader;
import io.tandem.protocol.message.MessageCodec;
import io.tandem.protocol.message.MessageRecord;
import io.tandem.server.config.BrokerConfig;
import io.tandem.server.support.RawClient;
import io.tandem.server.support.Requests;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Garbage on the wire: every malformed request gets a well-formed error naming what was wrong, an undecodable frame
 * closes only its own connection, and a healthy producer sending at the same time loses nothing.
 */
class BadInputTest {

    @TempDir
    Path directory;
    Broker broker;

    @BeforeEach
    void start() throws Exception {
        broker = Broker.start(BrokerConfig.builder(directory).randomPorts().maxMessageSize(1024).build());
    }

    @AfterEach
    void stop() {
        broker.close();
    }

    @Test
    void shouldAnswerAnUnknownRequestCodeWithNotSupported() throws Exception {
        try (RawClient client = new RawClient(broker.brokerAddress())) {
            RemotingCommand response = client.call(RemotingCommand.request(987_654));
            assertThat(response.code()).isEqualTo(ResponseCode.REQUEST_CODE_NOT_SUPPORTED);
            assertThat(response.remark()).contains("987654");
        }
    }

    @Test
    void shouldNameTheMissingHeaderField() throws Exception {
        try (RawClient client = new RawClient(broker.brokerAddress())) {
            RemotingCommand response = client.call(RemotingCommand.request(RequestCode.PULL_MESSAGE)
                    .extFields(Map.of("consumerGroup", "g", "topic", "t")));
            assertThat(response.code()).isEqualTo(ResponseCode.INVALID_PARAMETER);
            assertThat(response.remark()).contains("queueId");
        }
    }

    @Test
    void shouldRefuseAnOversizeBodyABadTopicNameAndAnOutOfRangeQueue() throws Exception {
        try (RawClient client = new RawClient(broker.brokerAddress())) {
            RemotingCommand tooBig = client.call(Requests.send("t1", 0, Map.of(), new byte[2048]));
            assertThat(tooBig.code()).isEqualTo(ResponseCode.MESSAGE_ILLEGAL);
            assertThat(tooBig.remark()).contains("2048").contains("1024");

            RemotingCommand badName = client.call(Requests.send("bad topic!", 0, Map.of(), new byte[1]));
            assertThat(badName.code()).isEqualTo(ResponseCode.INVALID_PARAMETER);
            assertThat(badName.remark()).contains("bad topic!");

            RemotingCommand reserved = client.call(Requests.send("SCHEDULE_TOPIC_XXXX", 0, Map.of(), new byte[1]));
            assertThat(reserved.code()).isEqualTo(ResponseCode.NO_PERMISSION);

            RemotingCommand queue = client.call(Requests.send("t1", 99, Map.of(), new byte[1]));
            assertThat(queue.code()).isEqualTo(ResponseCode.INVALID_PARAMETER);
            assertThat(queue.remark()).contains("99");

            RemotingCommand badBatch = client.call(RemotingCommand.request(RequestCode.SEND_BATCH_MESSAGE)
                    .extFields(Requests.send("t1", 0, Map.of(), new byte[0]).build().extFields())
                    .body(new byte[]{0, 0, 0, 99, 1, 2, 3}));
            assertThat(badBatch.code()).isEqualTo(ResponseCode.MESSAGE_ILLEGAL);

            RemotingCommand badHeartbeat = client.call(RemotingCommand.request(RequestCode.HEART_BEAT)
                    .body("{not json".getBytes(StandardCharsets.UTF_8)));
            assertThat(badHeartbeat.code()).isEqualTo(ResponseCode.INVALID_PARAMETER);
            assertThat(badHeartbeat.remark()).containsIgnoringCase("json");

            // The connection still works after all that.
            assertThat(client.call(Requests.send("t1", 0, Map.of(), new byte[1])).code())
                    .isEqualTo(ResponseCode.SUCCESS);
        }
    }

    @Test
    void shouldCloseOnlyTheConnectionThatSentGarbageAndLoseNoMessageOfAHealthyProducer() throws Exception {
        AtomicBoolean producing = new AtomicBoolean(true);
        CompletableFuture<List<String>> healthy = CompletableFuture.supplyAsync(() -> {
            List<String> acknowledged = new ArrayList<>();
            try (RawClient producer = new RawClient(broker.brokerAddress())) {
                int i = 0;
                while (producing.get() || i < 50) {
                    String body = "m-" + i++;
                    RemotingCommand response = producer.call(Requests.send("healthy", 0, Map.of(),
                            body.getBytes(StandardCharsets.UTF_8)));
                    if (response.code() != ResponseCode.SUCCESS) {
                        throw new IllegalStateException("send failed: " + response);
                    }
                    SendMessageResponseHeader.from(response);
                    acknowledged.add(body);
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            return acknowledged;
        });

        Random random = new Random(42);
        List<byte[]> garbage = new ArrayList<>();
        garbage.add(frame(Integer.MAX_VALUE, new byte[16]));                     // huge declared length
        garbage.add(frame(-5, new byte[8]));                                     // negative length
        garbage.add(frame(2, new byte[]{0, 0}));                                 // shorter than the header word
        garbage.add(frame(12, ByteBuffer.allocate(12).putInt(0x7F_FF_FF_FF).array())); // header longer than frame
        byte[] json = "{\"code\":10,\"opaque\":1,\"extFields\":{".getBytes(StandardCharsets.UTF_8);
        garbage.add(frame(4 + json.length, ByteBuffer.allocate(4 + json.length).putInt(json.length).put(json).array()));
        byte[] unknownType = ByteBuffer.allocate(8).putInt(0x05_00_00_04).putInt(0).array();
        garbage.add(frame(8, unknownType));                                      // unknown serialization type
        for (int i = 0; i < 20; i++) {
            byte[] noise = new byte[8 + random.nextInt(64)];
            random.nextBytes(noise);
            garbage.add(frame(noise.length, noise));
        }
        int closed = 0;
        for (byte[] bytes : garbage) {
            try (RawClient attacker = new RawClient(broker.brokerAddress())) {
                attacker.writeRaw(bytes);
                if (attacker.closedByPeer()) {
                    closed++;
                }
            }
        }
        // A truncated frame just waits for its remaining bytes; closing the socket abandons it.
        try (RawClient attacker = new RawClient(broker.brokerAddress())) {
            attacker.writeRaw(new byte[]{0, 0, 1, 0, 0, 0});
        }
        assertThat(closed).as("connections closed for undecodable frames").isEqualTo(garbage.size());

        producing.set(false);
        List<String> acknowledged = healthy.get(30, TimeUnit.SECONDS);
        assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(50);
        Set<String> stored = new HashSet<>();
        try (RawClient reader = new RawClient(broker.brokerAddress())) {
            long offset = 0;
            while (stored.size() < acknowledged.size()) {
                RemotingCommand pulled = BrokerProtocolTest.pullUntilFound(reader, "healthy", 0, offset);
                List<MessageRecord> records = MessageCodec.decodeAll(pulled.body());
                for (MessageRecord record : records) {
                    stored.add(new String(record.body(), StandardCharsets.UTF_8));
                }
                offset = records.getLast().queueOffset() + 1;
            }
        }
        assertThat(stored).containsExactlyInAnyOrderElementsOf(acknowledged);
    }

    /** A length field followed by {@code payload} (which may disagree with it). */
    private static byte[] frame(int declaredLength, byte[] payload) {
        return ByteBuffer.allocate(4 + payload.length).putInt(declaredLength).put(payload).array();
    }

    @Test
    void shouldAnswerCredentialGarbageWithNoPermissionAndSlowDownOnlyTheFailingSource() throws Exception {
        Duration failureDelay = Duration.ofMillis(300);
        try (Broker secured = Broker.start(BrokerConfig.builder(directory.resolve("secured")).randomPorts()
                .auth(new AuthConfig(true, true, new AuthConfig.InitialUser("admin", "admin-secret-123"), false,
                        failureDelay, Duration.ofSeconds(2)))
                .build());
             RawClient attacker = new RawClient(secured.brokerAddress());
             RawClient healthy = new RawClient(secured.brokerAddress())) {
            RemotingCommand send = Requests.send("t1", 0, Map.of(), new byte[]{1, 2, 3}).build();
            String realSignature = RequestSignature.signed(send, "admin", "admin-secret-123", null)
                    .extField(RequestSignature.SIGNATURE);
            List<Map<String, String>> garbage = List.of(
                    Map.of(RequestSignature.ACCESS_KEY, ""),
                    Map.of(RequestSignature.ACCESS_KEY, "admin"),
                    Map.of(RequestSignature.ACCESS_KEY, "admin", RequestSignature.SIGNATURE, "not base64 at all!"),
                    Map.of(RequestSignature.ACCESS_KEY, "admin", RequestSignature.SIGNATURE, "QUJD"),
                    Map.of(RequestSignature.ACCESS_KEY, "admin", RequestSignature.SIGNATURE, "A".repeat(100_000)),
                    Map.of(RequestSignature.ACCESS_KEY, "admin\n\u0000x".repeat(10_000),
                            RequestSignature.SIGNATURE, realSignature),
                    Map.of(RequestSignature.ACCESS_KEY, "\uD800", RequestSignature.SIGNATURE, realSignature),
                    Map.of(RequestSignature.ACCESS_KEY, "admin", RequestSignature.SIGNATURE, realSignature,
                            RequestSignature.SECURITY_TOKEN, "added after signing"));
            long slowest = 0;
            for (Map<String, String> fields : garbage) {
                RemotingCommand.Builder request = send.toBuilder();
                fields.forEach(request::extField);
                long started = System.nanoTime();
                RemotingCommand response = attacker.call(request);
                slowest = Math.max(slowest, System.nanoTime() - started);
                assertThat(response.code()).as("answer to %s", fields.keySet()).isEqualTo(ResponseCode.NO_PERMISSION);
                assertThat(response.remark()).isNotBlank().hasSizeLessThan(300).doesNotContain("\n");

                // Meanwhile a correctly signed client from the same address is answered at once.
                long healthyStarted = System.nanoTime();
                RemotingCommand ok = healthy.call(RequestSignature.signed(Requests.send("t1", 0, Map.of(),
                        new byte[]{1}).build(), "admin", "admin-secret-123", null).toBuilder());
                assertThat(ok.code()).isEqualTo(ResponseCode.SUCCESS);
                assertThat(Duration.ofNanos(System.nanoTime() - healthyStarted)).isLessThan(failureDelay);
            }
            assertThat(Duration.ofNanos(slowest)).as("failures past the free ones are answered later")
                    .isGreaterThanOrEqualTo(failureDelay);
            assertThat(secured.meterRegistry().find("tandem.auth.failures").counters())
                    .extracting(counter -> counter.getId().getTag("reason"))
                    .contains("malformed_credentials", "bad_signature", "unknown_user");
        }
    }
}
