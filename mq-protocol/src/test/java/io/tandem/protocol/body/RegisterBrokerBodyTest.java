package io.tandem.protocol.body;

import io.tandem.protocol.ProtocolException;
import io.tandem.protocol.ProtocolVersion;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.DeflaterOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RegisterBrokerBodyTest {

    private static final DataVersion VERSION = new DataVersion(0, 1_795_478_334_934L, 3);

    private static RegisterBrokerBody body() {
        Map<String, TopicConfig> topics = new LinkedHashMap<>();
        topics.put("orders", new TopicConfig("orders", 8, 8, 6, "SINGLE_TAG", 0, false, Map.of()));
        topics.put("TBW102", new TopicConfig("TBW102", 8, 8, 7, "SINGLE_TAG", 0, false, Map.of("k", "v")));
        return new RegisterBrokerBody(TopicConfigAndMappingSerializeWrapper.of(VERSION, topics), null);
    }

    @Test
    void shouldReadBackWhatItWroteInEitherForm() {
        RegisterBrokerBody body = body();

        assertThat(RegisterBrokerBody.decode(body.encode(false), false, ProtocolVersion.CURRENT)).isEqualTo(body);
        assertThat(RegisterBrokerBody.decode(body.encode(true), true, ProtocolVersion.CURRENT)).isEqualTo(body);
        assertThat(body.encode(true).length).isLessThan(body.encode(false).length);
    }

    @Test
    void shouldDropWhatTheCompressedTopicLineCannotCarry() {
        Map<String, TopicConfig> topics = Map.of("ordered",
                new TopicConfig("ordered", 4, 2, 6, "SINGLE_TAG", 1, true, Map.of()));
        RegisterBrokerBody body = new RegisterBrokerBody(TopicConfigAndMappingSerializeWrapper.of(VERSION, topics),
                null);

        TopicConfig read = RegisterBrokerBody.decode(body.encode(true), true, ProtocolVersion.CURRENT).topics()
                .get("ordered");
        assertThat(read).isEqualTo(new TopicConfig("ordered", 4, 2, 6, "SINGLE_TAG", 0, false, Map.of()));
    }

    @Test
    void shouldReadACompressedBodyOfABrokerOlderThanFiveWithoutTheMappingSection() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DeflaterOutputStream out = new DeflaterOutputStream(bytes)) {
            byte[] version = "{\"counter\":1,\"stateVersion\":0,\"timestamp\":5}".getBytes(StandardCharsets.UTF_8);
            out.write(ByteBuffer.allocate(4).putInt(version.length).array());
            out.write(version);
            out.write(ByteBuffer.allocate(4).putInt(1).array());
            byte[] line = "T 4 4 6 SINGLE_TAG {}".getBytes(StandardCharsets.UTF_8);
            out.write(ByteBuffer.allocate(4).putInt(line.length).array());
            out.write(line);
            out.write(ByteBuffer.allocate(4).putInt(2).array());
            out.write("[]".getBytes(StandardCharsets.UTF_8));
        }

        RegisterBrokerBody read = RegisterBrokerBody.decode(bytes.toByteArray(), true, ProtocolVersion.V4_9_4);

        assertThat(read.topicConfigSerializeWrapper().dataVersion()).isEqualTo(new DataVersion(0, 5, 1));
        assertThat(read.topics()).containsOnlyKeys("T");
    }

    @Test
    void shouldNameWhatIsWrongWithACutOrForeignCompressedBody() {
        byte[] whole = body().encode(true);

        assertThatThrownBy(() -> RegisterBrokerBody.decode(Arrays.copyOf(whole, whole.length / 2), true,
                ProtocolVersion.CURRENT)).isInstanceOf(ProtocolException.class).hasMessageContaining("ends before");
        assertThatThrownBy(() -> RegisterBrokerBody.decode("{\"x\":1}".getBytes(StandardCharsets.UTF_8), true,
                ProtocolVersion.CURRENT)).isInstanceOf(ProtocolException.class).hasMessageContaining("zlib");
    }

    @Test
    void shouldComputeTheThirtyOneBitCrcTheHeaderCarries() {
        byte[] bytes = "123456789".getBytes(StandardCharsets.US_ASCII);

        // CRC-32 of "123456789" is 0xCBF43926; the header keeps the low 31 bits.
        assertThat(RegisterBrokerBody.crc32(bytes)).isEqualTo(0xCBF43926 & 0x7FFFFFFF);
    }
}
