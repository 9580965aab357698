package io.tandem.protocol.message;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The stored-message writer fed the way the broker feeds it (hosts, body and property string as a store record holds
 * them, inside larger buffers), checked against the decoder and against {@link MessageCodec}.
 */
class MessageEncoderPropertiesTest {

    @Property
    void aRecordWrittenFromStoredFieldsShouldDecodeToThoseFields(@ForAll("records") MessageRecord record,
                                                                 @ForAll @IntRange(max = 64) int slack) {
        ByteBuffer body = slice(record.body(), slack);
        byte[] propertyString = MessageProperties.encode(record.properties()).getBytes(StandardCharsets.UTF_8);
        byte[] propertiesField = new byte[slack + propertyString.length];
        System.arraycopy(propertyString, 0, propertiesField, slack, propertyString.length);
        ByteBuf out = Unpooled.buffer();
        out.writeZero(slack % 7);
        out.readerIndex(slack % 7);

        int written = fromFields(record, body).propertyString(propertiesField, slack, propertyString.length)
                .writeTo(out);

        assertThat(written).isEqualTo(out.readableBytes()).isEqualTo(MessageCodec.encodedLength(record));
        assertThat(MessageCodec.decodeAll(out)).containsExactly(record);
        assertThat(ByteBufUtil.getBytes(out)).isEqualTo(MessageCodec.encode(record));
        assertThat(body.position()).as("the body is read, not consumed").isEqualTo(slack);
        assertThat(new MessageFlyweight().wrap(out, out.readerIndex()).bodyCrcMatches()).isTrue();
    }

    @Property(tries = 100)
    void oneEncoderShouldWriteRecordAfterRecord(@ForAll("recordLists") List<MessageRecord> records) {
        MessageEncoder encoder = new MessageEncoder();
        ByteBuf out = Unpooled.buffer();
        for (MessageRecord record : records) {
            byte[] properties = MessageProperties.encode(record.properties()).getBytes(StandardCharsets.UTF_8);
            fill(encoder, record, ByteBuffer.wrap(record.body())).propertyString(properties, 0, properties.length)
                    .writeTo(out);
        }

        assertThat(MessageCodec.decodeAll(out)).containsExactlyElementsOf(records);
    }

    @Test
    void shouldSetTheHostBitsOfTheSysFlagFromTheHosts() {
        MessageEncoder encoder = new MessageEncoder().sysFlag(MessageSysFlag.BORN_HOST_V6 | MessageSysFlag.COMPRESSED)
                .bornHost(new byte[8]).storeHost(new byte[20]).topic("t");
        ByteBuf out = Unpooled.buffer();
        encoder.writeTo(out);

        assertThat(new MessageFlyweight().wrap(out, 0).sysFlag())
                .isEqualTo(MessageSysFlag.STORE_HOST_V6 | MessageSysFlag.COMPRESSED);
    }

    @Test
    void shouldWriteNothingForFieldsThatDoNotFitARecord() {
        ByteBuf out = Unpooled.buffer();
        assertThatThrownBy(() -> new MessageEncoder().bornHost(new byte[6]).storeHost(new byte[8]).writeTo(out))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("born host of 6 bytes is neither an IPv4 nor an IPv6 address followed by a port");
        assertThatThrownBy(() -> new MessageEncoder().bornHost(new byte[8]).storeHost(new byte[8])
                .propertyString(new byte[40_000], 0, 40_000).writeTo(out))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("property string of 40000 bytes exceeds the maximum 32767");
        assertThat(out.writerIndex()).isZero();
    }

    private static MessageEncoder fromFields(MessageRecord record, ByteBuffer body) {
        return fill(new MessageEncoder(), record, body);
    }

    private static MessageEncoder fill(MessageEncoder encoder, MessageRecord record, ByteBuffer body) {
        return encoder.queueId(record.queueId()).flag(record.flag()).queueOffset(record.queueOffset())
                .commitLogOffset(record.commitLogOffset()).sysFlag(record.sysFlag())
                .bornTimestamp(record.bornTimestamp()).bornHost(hostField(record.bornHost()))
                .storeTimestamp(record.storeTimestamp()).storeHost(hostField(record.storeHost()))
                .reconsumeTimes(record.reconsumeTimes()).preparedTransactionOffset(record.preparedTransactionOffset())
                .body(body).topic(record.topic());
    }

    /** The body inside a larger, read-only buffer, positioned at it. */
    private static ByteBuffer slice(byte[] body, int slack) {
        ByteBuffer buffer = ByteBuffer.allocateDirect(slack + body.length + slack);
        buffer.position(slack).put(body).position(slack).limit(slack + body.length);
        return buffer.asReadOnlyBuffer();
    }

    private static byte[] hostField(InetSocketAddress host) {
        byte[] address = host.getAddress().getAddress();
        return ByteBuffer.allocate(address.length + 4).put(address).putInt(host.getPort()).array();
    }

    @Provide
    Arbitrary<MessageRecord> records() {
        return MessageArbitraries.records();
    }

    @Provide
    Arbitrary<List<MessageRecord>> recordLists() {
        return MessageArbitraries.records().list().ofMaxSize(6);
    }
}
