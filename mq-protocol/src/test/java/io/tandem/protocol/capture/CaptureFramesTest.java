package io.tandem.protocol.capture;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.tandem.protocol.LanguageCode;
import io.tandem.protocol.RemotingCommand;
import io.tandem.protocol.RequestCode;
import io.tandem.protocol.SerializeType;
import io.tandem.protocol.frame.FrameDecoder;
import io.tandem.protocol.frame.FrameEncoder;
import org.junit.jupiter.api.Test;

import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Every frame of the three RocketMQ 5.3.3 captures through the frame codec. */
class CaptureFramesTest {

    @Test
    void shouldCutEveryCapturedStreamIntoWholeFrames() {
        // Counts found independently with a separate reassembler while preparing the test vectors.
        assertThat(CaptureFiles.frames(CaptureFiles.MAIN)).hasSize(599);
        assertThat(CaptureFiles.frames(CaptureFiles.BINARY_HEADER)).hasSize(126);
        assertThat(CaptureFiles.frames(CaptureFiles.PULL_EDGE_CASES)).hasSize(116);
    }

    @Test
    void shouldDecodeEveryCapturedFrame() {
        for (CapturedFrame captured : CaptureFiles.allFrames()) {
            ByteBuf in = Unpooled.wrappedBuffer(captured.frame());
            RemotingCommand command = FrameDecoder.decodeFrame(in);

            assertThat(in.readableBytes()).as("%s fully consumed", captured).isZero();
            assertThat(command.language()).as("%s", captured).isEqualTo(LanguageCode.JAVA);
            assertThat(command.version()).as("%s", captured).isEqualTo(479);
            assertThat(FrameDecoder.decode(Unpooled.wrappedBuffer(captured.withoutLengthField())))
                    .as("%s without length field", captured).isEqualTo(command);
        }
    }

    @Test
    void shouldReencodeEveryCapturedFrameToAnEqualCommand() {
        for (CapturedFrame captured : CaptureFiles.allFrames()) {
            RemotingCommand command = FrameDecoder.decodeFrame(Unpooled.wrappedBuffer(captured.frame()));
            SerializeType type = captured.isBinaryHeader() ? SerializeType.ROCKETMQ : SerializeType.JSON;
            ByteBuf out = Unpooled.buffer();

            int written = FrameEncoder.encode(command, type, out);

            assertThat(written).isEqualTo(out.readableBytes());
            assertThat(FrameDecoder.decodeFrame(out)).as("%s", captured).isEqualTo(command);
        }
    }

    @Test
    void shouldReencodeEveryCapturedFrameByteForByte() {
        // Binary headers keep the sender's entry order; JSON headers keep the key order of extFields and the Java
        // writer's alphabetical top-level order, so even JSON frames come out identical.
        List<CapturedFrame> frames = CaptureFiles.allFrames();
        for (CapturedFrame captured : frames) {
            RemotingCommand command = FrameDecoder.decodeFrame(Unpooled.wrappedBuffer(captured.frame()));
            ByteBuf out = Unpooled.buffer();
            FrameEncoder.encode(command, captured.isBinaryHeader() ? SerializeType.ROCKETMQ : SerializeType.JSON, out);

            assertThat(ByteBufUtil.hexDump(out)).as("%s", captured).isEqualTo(HexFormat.of().formatHex(captured.frame()));
        }
        assertThat(frames.stream().filter(CapturedFrame::isBinaryHeader)).hasSize(2 + 5 + 5 + 17);
    }

    @Test
    void shouldReproduceTheBinaryHeaderTestVectorOfTheFactSheet() {
        String vector = "0000002c" + "01000028" + "0069" + "00" + "01df" + "00000000" + "00000000" + "00000000"
                + "00000013" + "0005" + "746f706963" + "00000008" + "546f70696342696e";
        RemotingCommand command = RemotingCommand.request(RequestCode.GET_ROUTEINFO_BY_TOPIC)
                .extField("topic", "TopicBin").build();
        ByteBuf out = Unpooled.buffer();

        FrameEncoder.encode(command, SerializeType.ROCKETMQ, out);

        assertThat(ByteBufUtil.hexDump(out)).isEqualTo(vector);
        assertThat(CaptureFiles.frames(CaptureFiles.BINARY_HEADER))
                .anySatisfy(frame -> assertThat(HexFormat.of().formatHex(frame.frame())).isEqualTo(vector));
    }

    @Test
    void shouldFindTheJsonPullResponseTestVectorOfTheFactSheet() {
        assertThat(CaptureFiles.frames(CaptureFiles.MAIN)).anySatisfy(captured -> {
            assertThat(HexFormat.of().formatHex(captured.frame(), 0, 8)).isEqualTo("000001e9000000f7");
            RemotingCommand command = FrameDecoder.decodeFrame(Unpooled.wrappedBuffer(captured.frame()));
            assertThat(command.isResponse()).isTrue();
            assertThat(command.remark()).isEqualTo("FOUND");
            assertThat(command.body()).hasSize(238);
        });
    }
}
