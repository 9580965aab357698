package io.tandem.server.message;

import io.netty.buffer.ByteBuf;
import io.tandem.protocol.message.MessageDescriptor;
import io.tandem.protocol.message.MessageSysFlag;
import io.tandem.store.StoredMessage;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

import static io.tandem.protocol.message.MessageDescriptor.BODY_LENGTH_FIELD_LENGTH;
import static io.tandem.protocol.message.MessageDescriptor.MAX_V1_TOPIC_LENGTH;
import static io.tandem.protocol.message.MessageDescriptor.PROPERTIES_LENGTH_FIELD_LENGTH;
import static io.tandem.protocol.message.MessageDescriptor.TOPIC_LENGTH_FIELD_LENGTH_V1;
import static io.tandem.protocol.message.MessageDescriptor.TOPIC_LENGTH_FIELD_LENGTH_V2;

/**
 * Writes stored messages in the wire's stored-message layout ({@link MessageDescriptor}, fact sheet 4.1) for pull,
 * query, view and check-back bodies, straight from the store record: no intermediate objects, properties copied as
 * bytes. Stateless apart from the broker's address; thread-safe.
 */
public final class WireRecordWriter {

    private final byte[] storeHostIp;
    private final int storeHostPort;
    private final boolean storeHostV6;

    public WireRecordWriter(InetSocketAddress storeHost) {
        this.storeHostIp = storeHost.getAddress().getAddress();
        this.storeHostPort = storeHost.getPort();
        this.storeHostV6 = storeHostIp.length == 16;
    }

    /** Writes {@code message} as stored. */
    public void write(StoredMessage message, ByteBuf out) {
        write(message, message.topic(), message.queueId(), message.queueOffset(), message.properties(), out);
    }

    /**
     * Writes {@code message} under another topic/queue/offset and with another properties field (check-back bodies
     * show the real topic of a half message).
     */
    public void write(StoredMessage message, String topic, int queueId, long queueOffset, byte[] propertiesField,
                      ByteBuf out) {
        byte[] topicBytes = topic.getBytes(StandardCharsets.UTF_8);
        byte[] bornHost = message.bornHost();
        boolean bornV6 = bornHost.length == StoredPropertiesDescriptor.IPV6_HOST_LENGTH;
        if (bornHost.length != StoredPropertiesDescriptor.IPV4_HOST_LENGTH && !bornV6) {
            bornHost = new byte[StoredPropertiesDescriptor.IPV4_HOST_LENGTH];
        }
        int propertiesLength = StoredFields.propertyStringLength(propertiesField);
        boolean v1 = topicBytes.length <= MAX_V1_TOPIC_LENGTH;
        int sysFlag = message.flags() & ~(MessageSysFlag.BORN_HOST_V6 | MessageSysFlag.STORE_HOST_V6);
        if (bornV6) {
            sysFlag |= MessageSysFlag.BORN_HOST_V6;
        }
        if (storeHostV6) {
            sysFlag |= MessageSysFlag.STORE_HOST_V6;
        }
        int bodyLength = message.bodyLength();
        int totalSize = MessageDescriptor.BORN_HOST_OFFSET + bornHost.length + 8
                + storeHostIp.length + 4 + 4 + 8 + BODY_LENGTH_FIELD_LENGTH + bodyLength
                + (v1 ? TOPIC_LENGTH_FIELD_LENGTH_V1 : TOPIC_LENGTH_FIELD_LENGTH_V2) + topicBytes.length
                + PROPERTIES_LENGTH_FIELD_LENGTH + propertiesLength;
        ByteBuffer body = message.bodyBuffer();
        CRC32 crc = new CRC32();
        crc.update(body.duplicate());
        out.ensureWritable(totalSize);
        out.writeInt(totalSize);
        out.writeInt(v1 ? MessageDescriptor.MAGIC_CODE_V1 : MessageDescriptor.MAGIC_CODE_V2);
        out.writeInt((int) crc.getValue() & 0x7FFF_FFFF);
        out.writeInt(queueId);
        out.writeInt(StoredFields.userFlag(propertiesField));
        out.writeLong(queueOffset);
        out.writeLong(message.position());
        out.writeInt(sysFlag);
        out.writeLong(message.bornTimestamp());
        out.writeBytes(bornHost);
        out.writeLong(message.storeTimestamp());
        out.writeBytes(storeHostIp);
        out.writeInt(storeHostPort);
        out.writeInt(message.reconsumeTimes());
        out.writeLong(Math.max(0, message.preparedPosition()));
        out.writeInt(bodyLength);
        out.writeBytes(body.duplicate());
        if (v1) {
            out.writeByte(topicBytes.length);
        } else {
            out.writeShort(topicBytes.length);
        }
        out.writeBytes(topicBytes);
        out.writeShort(propertiesLength);
        out.writeBytes(propertiesField, StoredPropertiesDescriptor.PROPERTY_STRING_OFFSET, propertiesLength);
    }
}
