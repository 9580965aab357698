package io.tandem.protocol.message;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.tandem.protocol.ProtocolException;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static io.tandem.protocol.message.BatchMessageDescriptor.BODY_LENGTH_OFFSET;
import static io.tandem.protocol.message.BatchMessageDescriptor.BODY_OFFSET;
import static io.tandem.protocol.message.BatchMessageDescriptor.FLAG_OFFSET;
import static io.tandem.protocol.message.BatchMessageDescriptor.MIN_ENTRY_LENGTH;
import static io.tandem.protocol.message.BatchMessageDescriptor.PROPERTIES_LENGTH_FIELD_LENGTH;
import static io.tandem.protocol.message.BatchMessageDescriptor.TOTAL_SIZE_OFFSET;

/**
 * Codec of SEND_BATCH_MESSAGE bodies ({@link BatchMessageDescriptor}). Encoding writes magic and CRC as 0, like the
 * Java producer; decoding ignores them and checks every length, raising {@link ProtocolException} with the entry's
 * number and offset. Stateless and thread-safe.
 */
public final class BatchMessageCodec {

    private BatchMessageCodec() {
    }

    /** Decodes every entry between the reader and writer index of {@code body}; the indices are not changed. */
    public static List<BatchEntry> decode(ByteBuf body) {
        List<BatchEntry> entries = new ArrayList<>();
        int index = body.readerIndex();
        int end = body.writerIndex();
        while (index < end) {
            int number = entries.size();
            int available = end - index;
            if (available < MIN_ENTRY_LENGTH) {
                throw corrupt(number, index, available + " bytes left, fewer than the " + MIN_ENTRY_LENGTH
                        + " of the smallest entry");
            }
            int totalSize = body.getInt(index + TOTAL_SIZE_OFFSET);
            if (totalSize < MIN_ENTRY_LENGTH || totalSize > available) {
                throw corrupt(number, index, "total size " + totalSize + " is outside [" + MIN_ENTRY_LENGTH + ", "
                        + available + "]");
            }
            int bodyLength = body.getInt(index + BODY_LENGTH_OFFSET);
            if (bodyLength < 0 || bodyLength > totalSize - MIN_ENTRY_LENGTH) {
                throw corrupt(number, index, "body length " + bodyLength + " does not fit total size " + totalSize);
            }
            int propertiesLengthIndex = index + BatchMessageDescriptor.propertiesLengthOffset(bodyLength);
            int propertiesLength = body.getShort(propertiesLengthIndex);
            int propertiesIndex = propertiesLengthIndex + PROPERTIES_LENGTH_FIELD_LENGTH;
            if (propertiesLength < 0 || propertiesIndex + propertiesLength != index + totalSize) {
                throw corrupt(number, index, "properties length " + propertiesLength + " does not end the entry at"
                        + " its total size " + totalSize);
            }
            entries.add(new BatchEntry(body.getInt(index + FLAG_OFFSET),
                    ByteBufUtil.getBytes(body, index + BODY_OFFSET, bodyLength),
                    MessageProperties.decode(body, propertiesIndex, propertiesLength)));
            index += totalSize;
        }
        return entries;
    }

    public static List<BatchEntry> decode(byte[] body) {
        return decode(Unpooled.wrappedBuffer(body));
    }

    /**
     * Encodes entries as a batch body.
     *
     * @throws IllegalArgumentException if an entry's property string exceeds 32767 bytes
     */
    public static byte[] encode(List<BatchEntry> entries) {
        ByteBuf out = Unpooled.buffer();
        for (BatchEntry entry : entries) {
            byte[] properties = MessageProperties.encode(entry.properties()).getBytes(StandardCharsets.UTF_8);
            if (properties.length > MessageDescriptor.MAX_PROPERTIES_LENGTH) {
                throw new IllegalArgumentException("property string of " + properties.length
                        + " bytes exceeds the maximum " + MessageDescriptor.MAX_PROPERTIES_LENGTH);
            }
            out.writeInt(MIN_ENTRY_LENGTH + entry.body().length + properties.length);
            out.writeInt(0);
            out.writeInt(0);
            out.writeInt(entry.flag());
            out.writeInt(entry.body().length);
            out.writeBytes(entry.body());
            out.writeShort(properties.length);
            out.writeBytes(properties);
        }
        return ByteBufUtil.getBytes(out);
    }

    private static ProtocolException corrupt(int number, int index, String problem) {
        return new ProtocolException("malformed batch entry " + number + " at offset " + index + ": " + problem);
    }
}
