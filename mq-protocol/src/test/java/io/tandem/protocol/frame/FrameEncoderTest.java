package io.tandem.protocol.frame;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.tandem.protocol.ProtocolException;
import io.tandem.protocol.RemotingCommand;
import io.tandem.protocol.RequestCode;
import io.tandem.protocol.SerializeType;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FrameEncoderTest {

    @Test
    void shouldWriteJsonLikeTheJavaClient() {
        RemotingCommand command = RemotingCommand.request(RequestCode.GET_ROUTEINFO_BY_TOPIC)
                .extField("topic", "TopicTest").build();
        ByteBuf out = Unpooled.buffer();

        FrameEncoder.encode(command, SerializeType.JSON, out);

        String header = out.toString(8, out.getInt(4) & FrameDescriptor.HEADER_LENGTH_MASK, StandardCharsets.UTF_8);
        assertThat(header).isEqualTo("{\"code\":105,\"extFields\":{\"topic\":\"TopicTest\"},\"flag\":0,"
                + "\"language\":\"JAVA\",\"opaque\":0,\"serializeTypeCurrentRPC\":\"JSON\",\"version\":479}");
        assertThat(out.getInt(0)).isEqualTo(out.readableBytes() - 4);
    }

    @Test
    void shouldRefuseCodesThatDoNotFitTheBinaryHeaderAndLeaveTheBufferUntouched() {
        ByteBuf out = Unpooled.buffer().writeByte(42);
        RemotingCommand pop = RemotingCommand.request(RequestCode.POP_MESSAGE).build();

        assertThatThrownBy(() -> FrameEncoder.encode(pop, SerializeType.ROCKETMQ, out))
                .isInstanceOf(ProtocolException.class)
                .hasMessage("code 200050 does not fit the binary header's int16 field");
        assertThat(out.writerIndex()).isEqualTo(1);
        FrameEncoder.encode(pop, SerializeType.JSON, out);
        assertThat(FrameDecoder.decodeFrame(out.skipBytes(1)).code()).isEqualTo(RequestCode.POP_MESSAGE);
    }

    @Test
    void shouldRefuseFramesOverTheMaximumLength() {
        ByteBuf out = Unpooled.buffer();
        RemotingCommand command = RemotingCommand.request(RequestCode.PULL_MESSAGE).build();

        assertThatThrownBy(() -> FrameEncoder.encodeHeader(command, SerializeType.JSON,
                FrameDescriptor.MAX_FRAME_LENGTH, out))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("exceeds the maximum of 16777216");
        assertThat(out.writerIndex()).isZero();
        assertThatThrownBy(() -> FrameEncoder.encodeHeader(command, SerializeType.JSON, -1, out))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
