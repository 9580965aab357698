package io.tandem.protocol.frame;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.tandem.protocol.LanguageCode;
import io.tandem.protocol.ProtocolException;
import io.tandem.protocol.RemotingCommand;
import io.tandem.protocol.SerializeType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Lenient JSON decoding and clear failures for frames that do not follow the layout. */
class FrameDecoderTest {

    @Test
    void shouldIgnoreUnknownKeysAndDefaultMissingOnes() {
        RemotingCommand command = decodeJson("{\"code\":105,\"future\":{\"a\":[1,{\"b\":null}]},\"x\":[]}");

        assertThat(command.code()).isEqualTo(105);
        assertThat(command.language()).isEqualTo(LanguageCode.JAVA);
        assertThat(command.version()).isZero();
        assertThat(command.opaque()).isZero();
        assertThat(command.flag()).isZero();
        assertThat(command.remark()).isNull();
        assertThat(command.hasExtFields()).isFalse();
        assertThat(decodeJson("{}").code()).isZero();
    }

    @Test
    void shouldAcceptLanguageAsNameOrOrdinalAndNumbersAsText() {
        assertThat(decodeJson("{\"language\":9}").language()).isEqualTo(LanguageCode.GO);
        assertThat(decodeJson("{\"language\":\"PYTHON\"}").language()).isEqualTo(LanguageCode.PYTHON);
        assertThat(decodeJson("{\"language\":\"COBOL\"}").language()).isEqualTo(LanguageCode.OTHER);
        assertThat(decodeJson("{\"language\":null,\"opaque\":\"17\",\"flag\":null}").opaque()).isEqualTo(17);
    }

    @Test
    void shouldReadExtFieldScalarsAsTextAndSkipNulls() {
        RemotingCommand command = decodeJson(
                "{\"extFields\":{\"queueId\":3,\"unitMode\":false,\"n\":null,\"s\":\"a\\u0001b\"},\"remark\":\"\"}");

        assertThat(command.extFields()).containsExactly(Map.entry("queueId", "3"), Map.entry("unitMode", "false"),
                Map.entry("s", "a\u0001b"));
        assertThat(command.remark()).isEmpty();
    }

    @Test
    void shouldSplitHeaderAndBody() {
        byte[] header = "{\"code\":0,\"flag\":1}".getBytes(StandardCharsets.UTF_8);
        ByteBuf frame = Unpooled.buffer().writeInt(header.length).writeBytes(header).writeBytes(new byte[] {7, 8});

        RemotingCommand command = FrameDecoder.decode(frame);

        assertThat(command.isResponse()).isTrue();
        assertThat(command.body()).containsExactly(7, 8);
        assertThat(frame.readerIndex()).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "not json            | malformed JSON header",
            "[1,2]               | JSON header is not an object: it starts with START_ARRAY",
            "`\"text\"`          | JSON header is not an object: it starts with VALUE_STRING",
            "`{\"code\":1`       | malformed JSON header",
            "`{} {}`             | JSON header has data after its closing brace",
            "`{\"code\":\"x\"}`  | JSON header key 'code' is not an integer: 'x'",
            "`{\"code\":[1]}`    | JSON header key 'code' must be an integer, found START_ARRAY",
            "`{\"opaque\":1.5}`  | JSON header key 'opaque' must be an integer, found VALUE_NUMBER_FLOAT",
            "`{\"flag\":99999999999}` | JSON header key 'flag' is out of int32 range",
            "`{\"language\":{}}` | JSON header key 'language' must be a name or a number",
            "`{\"remark\":[]}`   | JSON header key 'remark' must be a string",
            "`{\"extFields\":5}` | JSON header key 'extFields' must be an object",
            "`{\"extFields\":{\"a\":{}}}` | JSON header extFields value of 'a' must be a string",
    })
    void shouldRejectBadJsonHeadersNamingTheProblem(String header, String message) {
        assertThatThrownBy(() -> decodeJson(header))
                .isInstanceOf(ProtocolException.class).hasMessageContaining(message);
    }

    @Test
    void shouldRejectAnEmptyJsonHeaderAndInvalidUtf8() {
        assertThatThrownBy(() -> FrameDecoder.decode(Unpooled.buffer().writeInt(0)))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("it starts with nothing");
        ByteBuf badUtf8 = Unpooled.buffer().writeInt(8).writeBytes(new byte[] {'{', '"', 'a', (byte) 0xC3, '"', ':',
                '1', '}'});
        assertThatThrownBy(() -> FrameDecoder.decode(badUtf8))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("malformed JSON header");
    }

    @Test
    void shouldRejectFramesShorterThanTheHeaderWord() {
        assertThatThrownBy(() -> FrameDecoder.decode(Unpooled.wrappedBuffer(new byte[] {0, 0, 1})))
                .isInstanceOf(ProtocolException.class)
                .hasMessage("frame of 3 bytes is shorter than the 4-byte header word");
    }

    @Test
    void shouldRejectAHeaderLengthBeyondTheFrame() {
        ByteBuf frame = Unpooled.buffer().writeInt(FrameDescriptor.headerWord(0, 0xFFFFFF)).writeBytes(new byte[10]);

        assertThatThrownBy(() -> FrameDecoder.decode(frame))
                .isInstanceOf(ProtocolException.class)
                .hasMessage("header length 16777215 exceeds the 10 bytes left in the frame");
    }

    @Test
    void shouldRejectUnknownSerializeTypes() {
        ByteBuf frame = Unpooled.buffer().writeInt(FrameDescriptor.headerWord(2, 2)).writeBytes("{}".getBytes());

        assertThatThrownBy(() -> FrameDecoder.decode(frame))
                .isInstanceOf(ProtocolException.class)
                .hasMessage("unknown header serialize type 2 (expected 0 = JSON or 1 = ROCKETMQ)");
        ByteBuf highByte = Unpooled.buffer().writeInt(0xFF000000).writeBytes("{}".getBytes());
        assertThatThrownBy(() -> FrameDecoder.decode(highByte)).hasMessageContaining("serialize type 255");
    }

    @Test
    void shouldRejectTruncatedNegativeAndOversizedLengthFields() {
        assertThatThrownBy(() -> FrameDecoder.decodeFrame(Unpooled.wrappedBuffer(new byte[] {0, 0})))
                .isInstanceOf(ProtocolException.class)
                .hasMessage("truncated frame: 2 bytes, the length field alone needs 4");
        assertThatThrownBy(() -> FrameDecoder.decodeFrame(Unpooled.buffer().writeInt(-5).writeInt(0)))
                .isInstanceOf(ProtocolException.class).hasMessage("negative frame length -5");
        assertThatThrownBy(() -> FrameDecoder.decodeFrame(Unpooled.buffer().writeInt(FrameDescriptor.MAX_FRAME_LENGTH)))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("exceeds the maximum of 16777212");

        ByteBuf whole = Unpooled.buffer();
        FrameEncoder.encode(RemotingCommand.request(1).body(new byte[20]).build(), SerializeType.JSON, whole);
        ByteBuf cut = whole.slice(0, whole.readableBytes() - 1);
        assertThatThrownBy(() -> FrameDecoder.decodeFrame(cut))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("truncated frame: the length field announces")
                .hasMessageEndingWith("only " + (whole.readableBytes() - 5) + " follow");
        assertThat(cut.readerIndex()).isZero();
    }

    @Test
    void shouldRejectFramesOverTheMaximumLength() {
        ByteBuf oversized = Unpooled.buffer(4).writeInt(0);
        ByteBuf frame = Unpooled.wrappedBuffer(oversized, Unpooled.wrappedBuffer(new byte[16 * 1024 * 1024]));

        assertThatThrownBy(() -> FrameDecoder.decode(frame))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("exceeds the maximum");
    }

    @Test
    void shouldRejectBinaryHeadersShorterThanTheMinimum() {
        assertThatThrownBy(() -> decodeBinary(new byte[20]))
                .isInstanceOf(ProtocolException.class)
                .hasMessage("binary header of 20 bytes is shorter than the minimum 21");
    }

    @Test
    void shouldRejectNegativeAndOverlongLengthsInBinaryHeaders() {
        assertThatThrownBy(() -> decodeBinary(binaryHeader(-1, new byte[0], 0, new byte[0])))
                .isInstanceOf(ProtocolException.class)
                .hasMessage("binary header remark length is negative (-1) at header offset 17");
        assertThatThrownBy(() -> decodeBinary(binaryHeader(100, new byte[0], 0, new byte[0])))
                .isInstanceOf(ProtocolException.class)
                .hasMessage("binary header remark length 100 at header offset 17 runs past the end of the header");
        assertThatThrownBy(() -> decodeBinary(binaryHeader(0, new byte[0], -4, new byte[0])))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("ext length is negative (-4)");
        assertThatThrownBy(() -> decodeBinary(binaryHeader(0, new byte[0], 50, new byte[0])))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("ext length 50 at header offset 21 runs");
    }

    @Test
    void shouldRejectBinaryExtEntriesThatDoNotFitTheirArea() {
        ByteBuf negativeKey = Unpooled.buffer().writeShort(-2).writeInt(0);
        assertThatThrownBy(() -> decodeBinary(binaryHeader(0, new byte[0], 6, bytes(negativeKey))))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("ext key length is negative (-2)");

        ByteBuf longValue = Unpooled.buffer().writeShort(1).writeByte('k').writeInt(9).writeByte('v');
        assertThatThrownBy(() -> decodeBinary(binaryHeader(0, new byte[0], 8, bytes(longValue))))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("ext value length 9");

        ByteBuf cutEntry = Unpooled.buffer().writeShort(1).writeByte('k').writeInt(0).writeByte(0);
        assertThatThrownBy(() -> decodeBinary(binaryHeader(0, new byte[0], 8, bytes(cutEntry))))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("is cut off before its key length");

        byte[] trailing = binaryHeader(0, new byte[0], 0, new byte[] {1, 2, 3});
        assertThatThrownBy(() -> decodeBinary(trailing))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("has 3 bytes after its ext entries");
    }

    @Test
    void shouldDecodeEmptyBinaryExtStringsAsEmpty() {
        ByteBuf entries = Unpooled.buffer().writeShort(1).writeByte('k').writeInt(0);
        RemotingCommand command = decodeBinary(binaryHeader(0, new byte[0], 7, bytes(entries)));

        assertThat(command.extFields()).containsExactly(Map.entry("k", ""));
        assertThat(command.remark()).isNull();
    }

    private static RemotingCommand decodeJson(String header) {
        byte[] bytes = header.getBytes(StandardCharsets.UTF_8);
        return FrameDecoder.decode(Unpooled.buffer().writeInt(FrameDescriptor.headerWord(0, bytes.length))
                .writeBytes(bytes));
    }

    private static RemotingCommand decodeBinary(byte[] header) {
        return FrameDecoder.decode(Unpooled.buffer().writeInt(FrameDescriptor.headerWord(1, header.length))
                .writeBytes(header));
    }

    /** A binary header with the given remark length field and bytes, ext length field and entry bytes. */
    private static byte[] binaryHeader(int remarkLength, byte[] remark, int extLength, byte[] entries) {
        ByteBuf header = Unpooled.buffer().writeShort(105).writeByte(0).writeShort(479).writeInt(1).writeInt(0)
                .writeInt(remarkLength).writeBytes(remark).writeInt(extLength).writeBytes(entries);
        return bytes(header);
    }

    private static byte[] bytes(ByteBuf buf) {
        byte[] bytes = new byte[buf.readableBytes()];
        buf.getBytes(buf.readerIndex(), bytes);
        return bytes;
    }
}
