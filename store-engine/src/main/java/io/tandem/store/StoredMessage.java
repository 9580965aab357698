package io.tandem.store;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static io.tandem.store.RecordDescriptor.*;

/**
 * A read-only view of one stored record, as returned by reads and lookups. The bytes were verified (CRC and
 * self-position) when read. Thread-safe (immutable).
 */
public final class StoredMessage {

    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final MemorySegment record;

    /** Wraps a verified record image; {@code record} must hold exactly one record. */
    public StoredMessage(MemorySegment record) {
        this.record = record.asReadOnly();
    }

    public long position() {
        return record.get(LONG, POSITION_OFFSET);
    }

    public int length() {
        return record.get(INT, LENGTH_OFFSET);
    }

    public int queueId() {
        return record.get(INT, QUEUE_ID_OFFSET);
    }

    public long queueOffset() {
        return record.get(LONG, QUEUE_OFFSET_OFFSET);
    }

    public long bornTimestamp() {
        return record.get(LONG, BORN_TIMESTAMP_OFFSET);
    }

    public long storeTimestamp() {
        return record.get(LONG, STORE_TIMESTAMP_OFFSET);
    }

    public long tagHash() {
        return record.get(LONG, TAG_HASH_OFFSET);
    }

    public long preparedPosition() {
        return record.get(LONG, PREPARED_POSITION_OFFSET);
    }

    public int flags() {
        return record.get(INT, FLAGS_OFFSET);
    }

    public int reconsumeTimes() {
        return record.get(INT, RECONSUME_TIMES_OFFSET);
    }

    public String topic() {
        return new String(bytes(topicOffset(), topicLength()), StandardCharsets.UTF_8);
    }

    public byte[] bornHost() {
        return bytes(topicOffset() + topicLength(), Short.toUnsignedInt(record.get(SHORT, BORN_HOST_LENGTH_OFFSET)));
    }

    public List<String> keys() {
        long offset = keysOffset();
        long end = offset + keysLength();
        List<String> keys = new ArrayList<>();
        while (offset < end) {
            int length = Short.toUnsignedInt(record.get(SHORT, offset));
            keys.add(new String(bytes(offset + 2, length), StandardCharsets.UTF_8));
            offset += 2 + length;
        }
        return keys;
    }

    public byte[] properties() {
        return bytes(propertiesOffset(), record.get(INT, PROPERTIES_LENGTH_OFFSET));
    }

    public byte[] body() {
        return bytes(bodyOffset(), bodyLength());
    }

    public int bodyLength() {
        return record.get(INT, BODY_LENGTH_OFFSET);
    }

    /** The body without copying, as a read-only buffer. */
    public ByteBuffer bodyBuffer() {
        return record.asSlice(bodyOffset(), bodyLength()).asByteBuffer();
    }

    /** The whole record image, e.g. for a bit-exact comparison or to copy it to a network buffer. */
    public MemorySegment recordBytes() {
        return record;
    }

    @Override
    public String toString() {
        return "StoredMessage[topic=" + topic() + ", queueId=" + queueId() + ", queueOffset=" + queueOffset()
                + ", position=" + position() + ", length=" + length() + "]";
    }

    private int topicLength() {
        return Short.toUnsignedInt(record.get(SHORT, TOPIC_LENGTH_OFFSET));
    }

    private long topicOffset() {
        return RecordDescriptor.HEADER_LENGTH;
    }

    private long keysOffset() {
        return topicOffset() + topicLength() + Short.toUnsignedInt(record.get(SHORT, BORN_HOST_LENGTH_OFFSET));
    }

    private int keysLength() {
        return Short.toUnsignedInt(record.get(SHORT, KEYS_LENGTH_OFFSET));
    }

    private long propertiesOffset() {
        return keysOffset() + keysLength();
    }

    private long bodyOffset() {
        return propertiesOffset() + record.get(INT, PROPERTIES_LENGTH_OFFSET);
    }

    private byte[] bytes(long offset, int length) {
        return record.asSlice(offset, length).toArray(ValueLayout.JAVA_BYTE);
    }
}
