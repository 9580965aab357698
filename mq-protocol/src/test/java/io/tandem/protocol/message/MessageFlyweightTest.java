package io.tandem.protocol.message;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.tandem.protocol.ProtocolException;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Clear failures for records that do not follow {@link MessageDescriptor}. */
class MessageFlyweightTest {

    private static final InetSocketAddress HOST = new InetSocketAddress("127.0.0.1", 10911);

    private static MessageRecord record(String topic, String body) {
        return new MessageRecord(topic, 1, 0, 7, 260, 0, 1000, HOST, 1001, HOST, 0, 0,
                body.getBytes(StandardCharsets.UTF_8), Map.of("TAGS", "TagA"));
    }

    @Test
    void shouldRejectARecordShorterThanItsFixedPart() {
        assertThatThrownBy(() -> MessageCodec.decodeAll(new byte[30]))
                .isInstanceOf(ProtocolException.class)
                .hasMessage("malformed message record at offset 0: 30 bytes left, fewer than the "
                        + MessageDescriptor.MIN_RECORD_LENGTH + " of the smallest record");
    }

    @Test
    void shouldRejectATotalSizeBeyondTheBody() {
        byte[] bytes = MessageCodec.encode(record("T", "x"));
        ByteBuf buffer = Unpooled.wrappedBuffer(bytes).setInt(0, bytes.length + 1);

        assertThatThrownBy(() -> new MessageFlyweight().wrap(buffer, 0))
                .hasMessage("malformed message record at offset 0: total size " + (bytes.length + 1)
                        + " is outside [" + MessageDescriptor.MIN_RECORD_LENGTH + ", " + bytes.length
                        + "] (the bytes left)");
    }

    @Test
    void shouldRejectAnUnknownMagicCode() {
        ByteBuf buffer = Unpooled.wrappedBuffer(MessageCodec.encode(record("T", "x"))).setInt(4, 0xCAFEBABE);

        assertThatThrownBy(() -> new MessageFlyweight().wrap(buffer, 0))
                .hasMessage("malformed message record at offset 0: unknown magic code 0xcafebabe");
    }

    @Test
    void shouldRejectNegativeAndOverlongBodyLengths() {
        byte[] bytes = MessageCodec.encode(record("T", "body"));
        int bodyLengthIndex = MessageDescriptor.bodyLengthOffset(0);

        ByteBuf negative = Unpooled.wrappedBuffer(bytes.clone()).setInt(bodyLengthIndex, -1);
        assertThatThrownBy(() -> new MessageFlyweight().wrap(negative, 0))
                .hasMessageContaining("body length is negative (-1)");
        ByteBuf overlong = Unpooled.wrappedBuffer(bytes.clone()).setInt(bodyLengthIndex, 1000);
        assertThatThrownBy(() -> new MessageFlyweight().wrap(overlong, 0))
                .hasMessageContaining("body (1000 bytes at record offset " + (bodyLengthIndex + 4)
                        + ") runs past the total size " + bytes.length);
    }

    @Test
    void shouldRejectFieldsThatEndBeforeTheTotalSize() {
        byte[] bytes = MessageCodec.encode(record("T", "x"));
        ByteBuf padded = Unpooled.buffer().writeBytes(bytes).writeZero(3).setInt(0, bytes.length + 3);

        assertThatThrownBy(() -> new MessageFlyweight().wrap(padded, 0))
                .hasMessage("malformed message record at offset 0: fields end at record offset " + bytes.length
                        + " but total size is " + (bytes.length + 3));
    }

    @Test
    void shouldRejectAPortOutsideTheValidRange() {
        ByteBuf buffer = Unpooled.wrappedBuffer(MessageCodec.encode(record("T", "x")))
                .setInt(MessageDescriptor.BORN_HOST_OFFSET + 4, 70000);

        MessageFlyweight flyweight = new MessageFlyweight().wrap(buffer, 0);
        assertThatThrownBy(flyweight::bornHost).hasMessageContaining("born host port 70000 is outside 0..65535");
    }

    @Test
    void shouldNameTheOffsetOfTheBadRecordInABody() {
        byte[] first = MessageCodec.encode(record("T", "one"));
        ByteBuf body = Unpooled.buffer().writeBytes(first).writeBytes(MessageCodec.encode(record("T", "two")));
        body.setInt(first.length + 4, 0);

        assertThatThrownBy(() -> MessageCodec.decodeAll(body))
                .hasMessageStartingWith("malformed message record at offset " + first.length + ": unknown magic");
    }

    @Test
    void shouldDeriveTheHostBitsOfTheSysFlagFromTheAddresses() {
        InetSocketAddress v6 = new InetSocketAddress("::1", 1);
        MessageRecord record = new MessageRecord("T", 0, 0, 0, 0,
                MessageSysFlag.BORN_HOST_V6 | MessageSysFlag.COMPRESSED, 0, HOST, 0, v6, 0, 0, new byte[0], null);

        assertThat(record.sysFlag()).isEqualTo(MessageSysFlag.STORE_HOST_V6 | MessageSysFlag.COMPRESSED);
        assertThat(record.offsetMessageId()).hasSize(OffsetMessageId.IPV6_ID_LENGTH);
        assertThatThrownBy(() -> new MessageRecord("T", 0, 0, 0, 0, 0, 0,
                InetSocketAddress.createUnresolved("broker", 1), 0, HOST, 0, 0, new byte[0], null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bornHost must be a resolved");
    }

    @Test
    void shouldRefusePropertyStringsOverTheSignedShortLimit() {
        MessageRecord huge = new MessageRecord("T", 0, 0, 0, 0, 0, 0, HOST, 0, HOST, 0, 0, new byte[0],
                Map.of("k", "v".repeat(40_000)));

        assertThatThrownBy(() -> MessageCodec.encode(huge))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exceeds the maximum 32767");
    }
}
