package io.tandem.protocol.message;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.tandem.protocol.ProtocolException;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Encodes {@link MessageRecord}s in the stored-message layout ({@link MessageDescriptor}) and decodes bodies made of
 * such records. Encoding goes through {@link MessageEncoder}, the writer the broker uses too: it picks the V1 magic
 * when the topic fits in 127 UTF-8 bytes and V2 otherwise, and computes the body CRC; decoding accepts both magics
 * and does not check the CRC (Java clients do not either; use {@link MessageFlyweight#bodyCrcMatches()} to check).
 *
 * <p>Failure modes: decoding raises {@link ProtocolException} naming the offset of the first bad record (the Java
 * client silently drops the rest of the body instead). Encoding a record whose topic exceeds 65535 bytes or whose
 * property string exceeds 32767 bytes raises {@link IllegalArgumentException}. Stateless and thread-safe.
 */
public final class MessageCodec {

    private MessageCodec() {
    }

    /** Decodes every record between the reader and writer index of {@code body}; the indices are not changed. */
    public static List<MessageRecord> decodeAll(ByteBuf body) {
        List<MessageRecord> records = new ArrayList<>();
        MessageFlyweight flyweight = new MessageFlyweight();
        int index = body.readerIndex();
        while (index < body.writerIndex()) {
            records.add(flyweight.wrap(body, index).toRecord());
            index = flyweight.nextRecordIndex();
        }
        return records;
    }

    /** Decodes every record of {@code body}. */
    public static List<MessageRecord> decodeAll(byte[] body) {
        return decodeAll(Unpooled.wrappedBuffer(body));
    }

    /** Decodes the one record at {@code index} of {@code buffer}. */
    public static MessageRecord decode(ByteBuf buffer, int index) {
        return new MessageFlyweight().wrap(buffer, index).toRecord();
    }

    /** Bytes {@link #encode(MessageRecord, ByteBuf)} will write for {@code record}. */
    public static int encodedLength(MessageRecord record) {
        return encoder(record).encodedLength();
    }

    /** The record's encoding as a new array. */
    public static byte[] encode(MessageRecord record) {
        MessageEncoder encoder = encoder(record);
        int length = encoder.encodedLength();
        ByteBuf out = Unpooled.buffer(length, length);
        encoder.writeTo(out);
        return out.array();
    }

    /**
     * Writes {@code record} at the writer index of {@code out}.
     *
     * @return the number of bytes written
     */
    public static int encode(MessageRecord record, ByteBuf out) {
        return encoder(record).writeTo(out);
    }

    private static MessageEncoder encoder(MessageRecord record) {
        byte[] properties = MessageProperties.encode(record.properties()).getBytes(StandardCharsets.UTF_8);
        return new MessageEncoder()
                .queueId(record.queueId())
                .flag(record.flag())
                .queueOffset(record.queueOffset())
                .commitLogOffset(record.commitLogOffset())
                .sysFlag(record.sysFlag())
                .bornTimestamp(record.bornTimestamp())
                .bornHost(hostField(record.bornHost()))
                .storeTimestamp(record.storeTimestamp())
                .storeHost(hostField(record.storeHost()))
                .reconsumeTimes(record.reconsumeTimes())
                .preparedTransactionOffset(record.preparedTransactionOffset())
                .body(ByteBuffer.wrap(record.body()))
                .topic(record.topic())
                .propertyString(properties, 0, properties.length);
    }

    private static byte[] hostField(InetSocketAddress host) {
        byte[] address = host.getAddress().getAddress();
        return ByteBuffer.allocate(address.length + MessageDescriptor.PORT_LENGTH).put(address).putInt(host.getPort())
                .array();
    }
}
