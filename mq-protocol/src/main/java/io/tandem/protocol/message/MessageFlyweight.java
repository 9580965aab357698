package io.tandem.protocol.message;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.tandem.protocol.ProtocolException;

import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.zip.CRC32;

import static io.tandem.protocol.message.MessageDescriptor.BODY_CRC_OFFSET;
import static io.tandem.protocol.message.MessageDescriptor.BODY_LENGTH_FIELD_LENGTH;
import static io.tandem.protocol.message.MessageDescriptor.BORN_HOST_OFFSET;
import static io.tandem.protocol.message.MessageDescriptor.BORN_TIMESTAMP_OFFSET;
import static io.tandem.protocol.message.MessageDescriptor.FLAG_OFFSET;
import static io.tandem.protocol.message.MessageDescriptor.MAGIC_CODE_OFFSET;
import static io.tandem.protocol.message.MessageDescriptor.MAGIC_CODE_V1;
import static io.tandem.protocol.message.MessageDescriptor.MIN_RECORD_LENGTH;
import static io.tandem.protocol.message.MessageDescriptor.PHYSICAL_OFFSET_OFFSET;
import static io.tandem.protocol.message.MessageDescriptor.PROPERTIES_LENGTH_FIELD_LENGTH;
import static io.tandem.protocol.message.MessageDescriptor.QUEUE_ID_OFFSET;
import static io.tandem.protocol.message.MessageDescriptor.QUEUE_OFFSET_OFFSET;
import static io.tandem.protocol.message.MessageDescriptor.SYS_FLAG_OFFSET;
import static io.tandem.protocol.message.MessageDescriptor.TOTAL_SIZE_OFFSET;

/**
 * Reads the fields of one stored-message record ({@link MessageDescriptor}) in place, without decoding the rest:
 * {@link #wrap} checks the record's structure once, after which every accessor is a bounds-safe read at a known
 * index. Reusable: wrap the next record with the same instance. Not thread-safe.
 *
 * <p>Design note: the client decodes whole pull bodies into {@link MessageRecord}s, but a broker scanning records
 * (to check a tag, a key or a CRC) only needs a few fields; the flyweight serves both without copying.
 */
public final class MessageFlyweight {

    private ByteBuf buffer;
    private int recordIndex;
    private int totalSize;
    private int sysFlag;
    private int bodyLengthIndex;
    private int bodyLength;
    private int topicIndex;
    private int topicLength;
    private int propertiesIndex;
    private int propertiesLength;

    /**
     * Points this flyweight at the record starting at {@code index} of {@code buffer}; the record must end at or
     * before the buffer's writer index.
     *
     * @return this
     * @throws ProtocolException if the bytes there are not one well-formed record: too short, an unknown magic code,
     *                           a negative length, a field running past the total size, or fields that do not end
     *                           exactly at the total size
     */
    public MessageFlyweight wrap(ByteBuf buffer, int index) {
        this.buffer = null;
        int available = buffer.writerIndex() - index;
        if (available < MIN_RECORD_LENGTH) {
            throw corrupt(index, available + " bytes left, fewer than the " + MIN_RECORD_LENGTH
                    + " of the smallest record");
        }
        int size = buffer.getInt(index + TOTAL_SIZE_OFFSET);
        if (size < MIN_RECORD_LENGTH || size > available) {
            throw corrupt(index, "total size " + size + " is outside [" + MIN_RECORD_LENGTH + ", " + available
                    + "] (the bytes left)");
        }
        int magic = buffer.getInt(index + MAGIC_CODE_OFFSET);
        int topicLengthFieldLength = MessageDescriptor.topicLengthFieldLength(magic);
        if (topicLengthFieldLength == 0) {
            throw corrupt(index, "unknown magic code 0x" + Integer.toHexString(magic));
        }
        int flags = buffer.getInt(index + SYS_FLAG_OFFSET);
        int end = index + size;
        int bodyLengthAt = index + MessageDescriptor.bodyLengthOffset(flags);
        int bodyAt = field(index, bodyLengthAt, BODY_LENGTH_FIELD_LENGTH, end, "body length");
        int bodyBytes = buffer.getInt(bodyLengthAt);
        int topicLengthAt = field(index, bodyAt, bodyBytes, end, "body");
        int topicAt = field(index, topicLengthAt, topicLengthFieldLength, end, "topic length");
        int topicBytes = topicLengthFieldLength == 1
                ? buffer.getUnsignedByte(topicLengthAt) : buffer.getUnsignedShort(topicLengthAt);
        int propertiesLengthAt = field(index, topicAt, topicBytes, end, "topic");
        int propertiesAt = field(index, propertiesLengthAt, PROPERTIES_LENGTH_FIELD_LENGTH, end, "properties length");
        int propertiesBytes = buffer.getShort(propertiesLengthAt);
        int fieldsEnd = field(index, propertiesAt, propertiesBytes, end, "properties");
        if (fieldsEnd != end) {
            throw corrupt(index, "fields end at record offset " + (fieldsEnd - index) + " but total size is " + size);
        }
        this.buffer = buffer;
        this.recordIndex = index;
        this.totalSize = size;
        this.sysFlag = flags;
        this.bodyLengthIndex = bodyLengthAt;
        this.bodyLength = bodyBytes;
        this.topicIndex = topicAt;
        this.topicLength = topicBytes;
        this.propertiesIndex = propertiesAt;
        this.propertiesLength = propertiesBytes;
        return this;
    }

    /** Index after a field of {@code length} bytes at {@code at}, checked against the record's end. */
    private static int field(int recordIndex, int at, int length, int end, String name) {
        if (length < 0) {
            throw corrupt(recordIndex, name + " length is negative (" + length + ")");
        }
        if ((long) at + length > end) {
            throw corrupt(recordIndex, name + " (" + length + " bytes at record offset " + (at - recordIndex)
                    + ") runs past the total size " + (end - recordIndex));
        }
        return at + length;
    }

    private static ProtocolException corrupt(int recordIndex, String problem) {
        return new ProtocolException("malformed message record at offset " + recordIndex + ": " + problem);
    }

    /** Index of the record in the wrapped buffer. */
    public int recordIndex() {
        return recordIndex;
    }

    /** Index just past the record: where the next record of a body starts. */
    public int nextRecordIndex() {
        return recordIndex + totalSize;
    }

    public int totalSize() {
        return totalSize;
    }

    public int magicCode() {
        return buffer.getInt(recordIndex + MAGIC_CODE_OFFSET);
    }

    /** The body CRC as written in the record. */
    public int bodyCrc() {
        return buffer.getInt(recordIndex + BODY_CRC_OFFSET);
    }

    public int queueId() {
        return buffer.getInt(recordIndex + QUEUE_ID_OFFSET);
    }

    public int flag() {
        return buffer.getInt(recordIndex + FLAG_OFFSET);
    }

    public long queueOffset() {
        return buffer.getLong(recordIndex + QUEUE_OFFSET_OFFSET);
    }

    public long commitLogOffset() {
        return buffer.getLong(recordIndex + PHYSICAL_OFFSET_OFFSET);
    }

    public int sysFlag() {
        return sysFlag;
    }

    public long bornTimestamp() {
        return buffer.getLong(recordIndex + BORN_TIMESTAMP_OFFSET);
    }

    /** The born host; allocates. */
    public InetSocketAddress bornHost() {
        return host(recordIndex + BORN_HOST_OFFSET, MessageDescriptor.bornHostAddressLength(sysFlag), "born host");
    }

    public long storeTimestamp() {
        return buffer.getLong(recordIndex + MessageDescriptor.storeTimestampOffset(sysFlag));
    }

    /** The store host; allocates. */
    public InetSocketAddress storeHost() {
        return host(recordIndex + MessageDescriptor.storeHostOffset(sysFlag),
                MessageDescriptor.storeHostAddressLength(sysFlag), "store host");
    }

    public int reconsumeTimes() {
        return buffer.getInt(recordIndex + MessageDescriptor.reconsumeTimesOffset(sysFlag));
    }

    public long preparedTransactionOffset() {
        return buffer.getLong(recordIndex + MessageDescriptor.preparedTransactionOffsetOffset(sysFlag));
    }

    /** Index of the first body byte in the wrapped buffer. */
    public int bodyIndex() {
        return bodyLengthIndex + BODY_LENGTH_FIELD_LENGTH;
    }

    public int bodyLength() {
        return bodyLength;
    }

    /** A copy of the body as stored (compressed when {@link MessageSysFlag#COMPRESSED} is set). */
    public byte[] body() {
        return ByteBufUtil.getBytes(buffer, bodyIndex(), bodyLength);
    }

    public String topic() {
        return buffer.toString(topicIndex, topicLength, StandardCharsets.UTF_8);
    }

    /** The raw property string. */
    public String propertiesString() {
        return buffer.toString(propertiesIndex, propertiesLength, StandardCharsets.UTF_8);
    }

    public Map<String, String> properties() {
        return MessageProperties.decode(propertiesString());
    }

    /** CRC-32 of the body bytes AND 0x7FFFFFFF, as the record's body CRC field should hold it. */
    public int computeBodyCrc() {
        CRC32 crc = new CRC32();
        crc.update(buffer.nioBuffer(bodyIndex(), bodyLength));
        return (int) crc.getValue() & 0x7FFF_FFFF;
    }

    public boolean bodyCrcMatches() {
        return computeBodyCrc() == bodyCrc();
    }

    /** The offset message id of the record; allocates. */
    public String offsetMessageId() {
        return OffsetMessageId.encode(storeHost(), commitLogOffset());
    }

    /** The whole record as a value. */
    public MessageRecord toRecord() {
        return new MessageRecord(topic(), queueId(), flag(), queueOffset(), commitLogOffset(), sysFlag, bornTimestamp(),
                bornHost(), storeTimestamp(), storeHost(), reconsumeTimes(), preparedTransactionOffset(), body(),
                properties());
    }

    /** Whether the record uses the V1 magic (one-byte topic length). */
    public boolean isV1() {
        return magicCode() == MAGIC_CODE_V1;
    }

    private InetSocketAddress host(int index, int addressLength, String name) {
        byte[] address = ByteBufUtil.getBytes(buffer, index, addressLength);
        int port = buffer.getInt(index + addressLength);
        if (port < 0 || port > 0xFFFF) {
            throw corrupt(recordIndex, name + " port " + port + " is outside 0..65535");
        }
        try {
            return new InetSocketAddress(HostAddresses.fromBytes(address), port);
        } catch (UnknownHostException e) {
            throw corrupt(recordIndex, name + " address of " + addressLength + " bytes is not an IP address");
        }
    }
}
