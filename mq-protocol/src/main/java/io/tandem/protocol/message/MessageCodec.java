package io.tandem.protocol.message;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.tandem.protocol.ProtocolException;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

import static io.tandem.protocol.message.MessageDescriptor.BODY_LENGTH_FIELD_LENGTH;
import static io.tandem.protocol.message.MessageDescriptor.MAGIC_CODE_V1;
import static io.tandem.protocol.message.MessageDescriptor.MAGIC_CODE_V2;
import static io.tandem.protocol.message.MessageDescriptor.MAX_PROPERTIES_LENGTH;
import static io.tandem.protocol.message.MessageDescriptor.MAX_V1_TOPIC_LENGTH;
import static io.tandem.protocol.message.MessageDescriptor.PROPERTIES_LENGTH_FIELD_LENGTH;
import static io.tandem.protocol.message.MessageDescriptor.TOPIC_LENGTH_FIELD_LENGTH_V1;
import static io.tandem.protocol.message.MessageDescriptor.TOPIC_LENGTH_FIELD_LENGTH_V2;

/**
 * Encodes {@link MessageRecord}s in the stored-message layout ({@link MessageDescriptor}) and decodes bodies made of
 * such records. The encoder picks the V1 magic when the topic fits in 127 UTF-8 bytes and V2 otherwise, and computes
 * the body CRC; decoding accepts both magics and does not check the CRC (Java clients do not either; use
 * {@link MessageFlyweight#bodyCrcMatches()} to check).
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
        return layout(record).totalSize;
    }

    /** The record's encoding as a new array. */
    public static byte[] encode(MessageRecord record) {
        Layout layout = layout(record);
        ByteBuf out = Unpooled.buffer(layout.totalSize, layout.totalSize);
        write(record, layout, out);
        return out.array();
    }

    /**
     * Writes {@code record} at the writer index of {@code out}.
     *
     * @return the number of bytes written
     */
    public static int encode(MessageRecord record, ByteBuf out) {
        Layout layout = layout(record);
        write(record, layout, out);
        return layout.totalSize;
    }

    private record Layout(byte[] topic, byte[] properties, boolean v1, int totalSize) {
    }

    private static Layout layout(MessageRecord record) {
        byte[] topic = record.topic().getBytes(StandardCharsets.UTF_8);
        if (topic.length > 0xFFFF) {
            throw new IllegalArgumentException("topic of " + topic.length + " bytes does not fit a record");
        }
        byte[] properties = MessageProperties.encode(record.properties()).getBytes(StandardCharsets.UTF_8);
        if (properties.length > MAX_PROPERTIES_LENGTH) {
            throw new IllegalArgumentException("property string of " + properties.length
                    + " bytes exceeds the maximum " + MAX_PROPERTIES_LENGTH);
        }
        boolean v1 = topic.length <= MAX_V1_TOPIC_LENGTH;
        long totalSize = (long) MessageDescriptor.bodyLengthOffset(record.sysFlag()) + BODY_LENGTH_FIELD_LENGTH
                + record.body().length + (v1 ? TOPIC_LENGTH_FIELD_LENGTH_V1 : TOPIC_LENGTH_FIELD_LENGTH_V2)
                + topic.length + PROPERTIES_LENGTH_FIELD_LENGTH + properties.length;
        if (totalSize > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("record of " + totalSize + " bytes is too large");
        }
        return new Layout(topic, properties, v1, (int) totalSize);
    }

    private static void write(MessageRecord record, Layout layout, ByteBuf out) {
        CRC32 crc = new CRC32();
        crc.update(record.body());
        out.ensureWritable(layout.totalSize);
        out.writeInt(layout.totalSize);
        out.writeInt(layout.v1 ? MAGIC_CODE_V1 : MAGIC_CODE_V2);
        out.writeInt((int) crc.getValue() & 0x7FFF_FFFF);
        out.writeInt(record.queueId());
        out.writeInt(record.flag());
        out.writeLong(record.queueOffset());
        out.writeLong(record.commitLogOffset());
        out.writeInt(record.sysFlag());
        out.writeLong(record.bornTimestamp());
        out.writeBytes(record.bornHost().getAddress().getAddress());
        out.writeInt(record.bornHost().getPort());
        out.writeLong(record.storeTimestamp());
        out.writeBytes(record.storeHost().getAddress().getAddress());
        out.writeInt(record.storeHost().getPort());
        out.writeInt(record.reconsumeTimes());
        out.writeLong(record.preparedTransactionOffset());
        out.writeInt(record.body().length);
        out.writeBytes(record.body());
        if (layout.v1) {
            out.writeByte(layout.topic.length);
        } else {
            out.writeShort(layout.topic.length);
        }
        out.writeBytes(layout.topic);
        out.writeShort(layout.properties.length);
        out.writeBytes(layout.properties);
    }
}
