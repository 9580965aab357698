package io.tandem.protocol.message;

import io.netty.buffer.ByteBuf;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

import static io.tandem.protocol.message.MessageDescriptor.BODY_LENGTH_FIELD_LENGTH;
import static io.tandem.protocol.message.MessageDescriptor.IPV4_ADDRESS_LENGTH;
import static io.tandem.protocol.message.MessageDescriptor.IPV6_ADDRESS_LENGTH;
import static io.tandem.protocol.message.MessageDescriptor.MAGIC_CODE_V1;
import static io.tandem.protocol.message.MessageDescriptor.MAGIC_CODE_V2;
import static io.tandem.protocol.message.MessageDescriptor.MAX_PROPERTIES_LENGTH;
import static io.tandem.protocol.message.MessageDescriptor.MAX_V1_TOPIC_LENGTH;
import static io.tandem.protocol.message.MessageDescriptor.PORT_LENGTH;
import static io.tandem.protocol.message.MessageDescriptor.PROPERTIES_LENGTH_FIELD_LENGTH;
import static io.tandem.protocol.message.MessageDescriptor.TOPIC_LENGTH_FIELD_LENGTH_V1;
import static io.tandem.protocol.message.MessageDescriptor.TOPIC_LENGTH_FIELD_LENGTH_V2;

/**
 * Writes one stored-message record ({@link MessageDescriptor}) from its fields: the only writer of that layout. The
 * broker writes pull, query, view and check-back bodies with it straight from its store records (hosts, body and
 * property string as the store holds them, nothing decoded); {@link MessageCodec} writes {@link MessageRecord}s with
 * it.
 *
 * <p>Set the fields, then call {@link #writeTo(ByteBuf)}. Fields keep their values until set again; a field never set
 * is 0 or empty, but the two hosts must be set. The encoder picks the V1 magic when the topic fits in
 * {@link MessageDescriptor#MAX_V1_TOPIC_LENGTH} UTF-8 bytes and V2 otherwise, computes the body CRC, and sets the host
 * bits of the sys flag from the hosts' address lengths, whatever the sys flag said.
 *
 * <p>Not thread-safe: use one per thread or per body. Failure modes: a host that is not an IPv4 or IPv6 address
 * followed by a port, a topic over 65535 UTF-8 bytes, a property string over
 * {@link MessageDescriptor#MAX_PROPERTIES_LENGTH} bytes or a record over 2 GiB raise {@link IllegalArgumentException}
 * before anything is written.
 */
public final class MessageEncoder {

    private static final byte[] EMPTY = new byte[0];
    private static final ByteBuffer EMPTY_BODY = ByteBuffer.allocate(0);

    private final CRC32 crc = new CRC32();
    private int queueId;
    private int flag;
    private long queueOffset;
    private long commitLogOffset;
    private int sysFlag;
    private long bornTimestamp;
    private byte[] bornHost = EMPTY;
    private long storeTimestamp;
    private byte[] storeHost = EMPTY;
    private int reconsumeTimes;
    private long preparedTransactionOffset;
    private ByteBuffer body = EMPTY_BODY;
    private byte[] topic = EMPTY;
    private byte[] properties = EMPTY;
    private int propertiesOffset;
    private int propertiesLength;

    public MessageEncoder queueId(int queueId) {
        this.queueId = queueId;
        return this;
    }

    /** The user's int flag. */
    public MessageEncoder flag(int flag) {
        this.flag = flag;
        return this;
    }

    public MessageEncoder queueOffset(long queueOffset) {
        this.queueOffset = queueOffset;
        return this;
    }

    /** The record's broker-global position ("physical offset"). */
    public MessageEncoder commitLogOffset(long commitLogOffset) {
        this.commitLogOffset = commitLogOffset;
        return this;
    }

    /** {@link MessageSysFlag} bits; the host bits are replaced by those the hosts call for. */
    public MessageEncoder sysFlag(int sysFlag) {
        this.sysFlag = sysFlag;
        return this;
    }

    public MessageEncoder bornTimestamp(long bornTimestamp) {
        this.bornTimestamp = bornTimestamp;
        return this;
    }

    /**
     * The producer's address as the record holds it: 4 (IPv4) or 16 (IPv6) address bytes followed by the port
     * (int32, big-endian). The array is read by {@link #writeTo(ByteBuf)}, not copied.
     */
    public MessageEncoder bornHost(byte[] addressAndPort) {
        this.bornHost = addressAndPort;
        return this;
    }

    public MessageEncoder storeTimestamp(long storeTimestamp) {
        this.storeTimestamp = storeTimestamp;
        return this;
    }

    /** The broker's client-facing address, laid out like {@link #bornHost(byte[])}. */
    public MessageEncoder storeHost(byte[] addressAndPort) {
        this.storeHost = addressAndPort;
        return this;
    }

    public MessageEncoder reconsumeTimes(int reconsumeTimes) {
        this.reconsumeTimes = reconsumeTimes;
        return this;
    }

    /** For a committed transactional message the half record's commit-log offset, else 0. */
    public MessageEncoder preparedTransactionOffset(long preparedTransactionOffset) {
        this.preparedTransactionOffset = preparedTransactionOffset;
        return this;
    }

    /**
     * The body as stored: the bytes between position and limit. Writing moves the position and puts it back, so no
     * other thread may use the buffer meanwhile.
     */
    public MessageEncoder body(ByteBuffer body) {
        this.body = body;
        return this;
    }

    public MessageEncoder topic(String topic) {
        this.topic = topic.getBytes(StandardCharsets.UTF_8);
        return this;
    }

    /** The property string (UTF-8, {@link MessageProperties} syntax): {@code length} bytes of {@code array}. */
    public MessageEncoder propertyString(byte[] array, int offset, int length) {
        this.properties = array;
        this.propertiesOffset = offset;
        this.propertiesLength = length;
        return this;
    }

    /**
     * Bytes {@link #writeTo(ByteBuf)} will write.
     *
     * @throws IllegalArgumentException if the fields do not fit a record
     */
    public int encodedLength() {
        requireHost(bornHost, "born host");
        requireHost(storeHost, "store host");
        if (topic.length > 0xFFFF) {
            throw new IllegalArgumentException("topic of " + topic.length + " bytes does not fit a record");
        }
        if (propertiesLength > MAX_PROPERTIES_LENGTH) {
            throw new IllegalArgumentException("property string of " + propertiesLength
                    + " bytes exceeds the maximum " + MAX_PROPERTIES_LENGTH);
        }
        long totalSize = (long) MessageDescriptor.bodyLengthOffset(hostFlags()) + BODY_LENGTH_FIELD_LENGTH
                + body.remaining() + (isV1() ? TOPIC_LENGTH_FIELD_LENGTH_V1 : TOPIC_LENGTH_FIELD_LENGTH_V2)
                + topic.length + PROPERTIES_LENGTH_FIELD_LENGTH + propertiesLength;
        if (totalSize > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("record of " + totalSize + " bytes is too large");
        }
        return (int) totalSize;
    }

    /**
     * Writes the record at the writer index of {@code out}, growing it as needed.
     *
     * @return the number of bytes written
     * @throws IllegalArgumentException if the fields do not fit a record (nothing is written)
     */
    public int writeTo(ByteBuf out) {
        int totalSize = encodedLength();
        int bodyPosition = body.position();
        crc.reset();
        crc.update(body);
        body.position(bodyPosition);
        boolean v1 = isV1();
        out.ensureWritable(totalSize);
        out.writeInt(totalSize);
        out.writeInt(v1 ? MAGIC_CODE_V1 : MAGIC_CODE_V2);
        out.writeInt((int) crc.getValue() & 0x7FFF_FFFF);
        out.writeInt(queueId);
        out.writeInt(flag);
        out.writeLong(queueOffset);
        out.writeLong(commitLogOffset);
        out.writeInt(sysFlag & ~(MessageSysFlag.BORN_HOST_V6 | MessageSysFlag.STORE_HOST_V6) | hostFlags());
        out.writeLong(bornTimestamp);
        out.writeBytes(bornHost);
        out.writeLong(storeTimestamp);
        out.writeBytes(storeHost);
        out.writeInt(reconsumeTimes);
        out.writeLong(preparedTransactionOffset);
        out.writeInt(body.remaining());
        out.writeBytes(body);
        body.position(bodyPosition);
        if (v1) {
            out.writeByte(topic.length);
        } else {
            out.writeShort(topic.length);
        }
        out.writeBytes(topic);
        out.writeShort(propertiesLength);
        if (propertiesLength > 0) {
            out.writeBytes(properties, propertiesOffset, propertiesLength);
        }
        return totalSize;
    }

    private boolean isV1() {
        return topic.length <= MAX_V1_TOPIC_LENGTH;
    }

    private int hostFlags() {
        int flags = 0;
        if (bornHost.length == IPV6_ADDRESS_LENGTH + PORT_LENGTH) {
            flags |= MessageSysFlag.BORN_HOST_V6;
        }
        if (storeHost.length == IPV6_ADDRESS_LENGTH + PORT_LENGTH) {
            flags |= MessageSysFlag.STORE_HOST_V6;
        }
        return flags;
    }

    private static void requireHost(byte[] host, String name) {
        if (host.length != IPV4_ADDRESS_LENGTH + PORT_LENGTH && host.length != IPV6_ADDRESS_LENGTH + PORT_LENGTH) {
            throw new IllegalArgumentException(name + " of " + host.length + " bytes is neither an IPv4 nor an IPv6 "
                    + "address followed by a port");
        }
    }
}
