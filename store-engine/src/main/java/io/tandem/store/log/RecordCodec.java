package io.tandem.store.log;

import io.tandem.store.AppendRequest;
import io.tandem.store.RecordDescriptor;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

import static io.tandem.store.RecordDescriptor.*;

/** Writes and checks records laid out as {@link RecordDescriptor} describes. Stateless. */
public final class RecordCodec {

    public static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    public static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    public static final ValueLayout.OfShort SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private RecordCodec() {
    }

    /** Encoded length of {@code request}; may exceed the configured maximum (the caller checks). */
    public static long encodedLength(AppendRequest request, byte[] topicBytes) {
        long length = HEADER_LENGTH + topicBytes.length + request.bornHost().length
                + request.properties().length + (long) request.body().length;
        for (String key : request.keys()) {
            length += 2 + key.getBytes(StandardCharsets.UTF_8).length;
        }
        return length;
    }

    /**
     * Encodes everything but the position, queue offset, store timestamp and CRC, which {@link #seal} adds once
     * the record's place in the log is known.
     */
    public static void encode(AppendRequest request, byte[] topicBytes, MemorySegment target, int length) {
        target.set(INT, LENGTH_OFFSET, length);
        target.set(INT, MAGIC_OFFSET, RECORD_MAGIC);
        target.set(INT, QUEUE_ID_OFFSET, request.queueId());
        target.set(LONG, BORN_TIMESTAMP_OFFSET, request.bornTimestamp());
        target.set(LONG, TAG_HASH_OFFSET, request.tagHash());
        target.set(LONG, PREPARED_POSITION_OFFSET, request.preparedPosition());
        target.set(INT, FLAGS_OFFSET, request.flags());
        target.set(INT, RECONSUME_TIMES_OFFSET, request.reconsumeTimes());
        target.set(SHORT, TOPIC_LENGTH_OFFSET, (short) topicBytes.length);
        target.set(SHORT, BORN_HOST_LENGTH_OFFSET, (short) request.bornHost().length);
        target.set(SHORT, KEYS_LENGTH_OFFSET, (short) 0);
        target.set(SHORT, KEYS_LENGTH_OFFSET + 2, (short) 0);
        target.set(INT, PROPERTIES_LENGTH_OFFSET, request.properties().length);
        target.set(INT, BODY_LENGTH_OFFSET, request.body().length);
        long offset = HEADER_LENGTH;
        offset = put(target, offset, topicBytes);
        offset = put(target, offset, request.bornHost());
        long keysStart = offset;
        for (String key : request.keys()) {
            byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
            target.set(SHORT, offset, (short) bytes.length);
            offset = put(target, offset + 2, bytes);
        }
        target.set(SHORT, KEYS_LENGTH_OFFSET, (short) (offset - keysStart));
        offset = put(target, offset, request.properties());
        offset = put(target, offset, request.body());
        if (offset != length) {
            throw new IllegalStateException("encoded " + offset + " bytes, expected " + length);
        }
    }

    /** Stamps the record with its place in the log and computes its CRC. */
    public static void seal(MemorySegment record, long position, long queueOffset, long storeTimestamp) {
        record.set(LONG, POSITION_OFFSET, position);
        record.set(LONG, QUEUE_OFFSET_OFFSET, queueOffset);
        record.set(LONG, STORE_TIMESTAMP_OFFSET, storeTimestamp);
        int length = record.get(INT, LENGTH_OFFSET);
        record.set(INT, CRC_OFFSET, crc(record, CRC_FROM, length));
    }

    /** Writes a filler of {@code length} bytes closing a segment at {@code position}. */
    public static void writeFiller(MemorySegment target, long position, int length) {
        target.set(INT, LENGTH_OFFSET, length);
        target.set(INT, MAGIC_OFFSET, FILLER_MAGIC);
        target.set(INT, QUEUE_ID_OFFSET, 0);
        target.set(LONG, POSITION_OFFSET, position);
        target.set(INT, CRC_OFFSET, crc(target, CRC_FROM, FILLER_LENGTH));
    }

    public static int crc(MemorySegment segment, long from, long to) {
        CRC32C crc = new CRC32C();
        crc.update(segment.asSlice(from, to - from).asByteBuffer());
        return (int) crc.getValue();
    }

    /**
     * Checks a complete record or filler image read from position {@code position}.
     *
     * @return null if it is intact, else what is wrong with it
     */
    public static String check(MemorySegment record, long position) {
        if (record.byteSize() < FILLER_LENGTH) {
            return "only " + record.byteSize() + " bytes, shorter than any record";
        }
        int length = record.get(INT, LENGTH_OFFSET);
        int magic = record.get(INT, MAGIC_OFFSET);
        long storedPosition = record.get(LONG, POSITION_OFFSET);
        if (magic == FILLER_MAGIC) {
            if (storedPosition != position) {
                return "filler claims position " + storedPosition;
            }
            return record.get(INT, CRC_OFFSET) == crc(record, CRC_FROM, FILLER_LENGTH) ? null : "filler CRC mismatch";
        }
        if (magic != RECORD_MAGIC) {
            return "bad magic 0x" + Integer.toHexString(magic);
        }
        if (length < HEADER_LENGTH || length > record.byteSize()) {
            return "bad length " + length;
        }
        if (storedPosition != position) {
            return "record claims position " + storedPosition;
        }
        long variable = Short.toUnsignedLong(record.get(SHORT, TOPIC_LENGTH_OFFSET))
                + Short.toUnsignedLong(record.get(SHORT, BORN_HOST_LENGTH_OFFSET))
                + Short.toUnsignedLong(record.get(SHORT, KEYS_LENGTH_OFFSET))
                + Integer.toUnsignedLong(record.get(INT, PROPERTIES_LENGTH_OFFSET))
                + Integer.toUnsignedLong(record.get(INT, BODY_LENGTH_OFFSET));
        if (HEADER_LENGTH + variable != length) {
            return "field lengths add up to " + (HEADER_LENGTH + variable) + ", record length is " + length;
        }
        return record.get(INT, CRC_OFFSET) == crc(record, CRC_FROM, length) ? null : "record CRC mismatch";
    }

    public static int length(MemorySegment record) {
        return record.get(INT, LENGTH_OFFSET);
    }

    public static int magic(MemorySegment record) {
        return record.get(INT, MAGIC_OFFSET);
    }

    private static long put(MemorySegment target, long offset, byte[] bytes) {
        MemorySegment.copy(bytes, 0, target, ValueLayout.JAVA_BYTE, offset, bytes.length);
        return offset + bytes.length;
    }
}
