package io.tandem.server.message;

import io.netty.buffer.ByteBuf;
import io.tandem.protocol.message.MessageDescriptor;
import io.tandem.protocol.message.MessageEncoder;
import io.tandem.store.StoredMessage;

import java.net.InetSocketAddress;

/**
 * Writes stored messages in the wire's stored-message layout ({@link MessageDescriptor}, fact sheet 4.1) for pull,
 * query, view and check-back bodies, straight from the store record: no intermediate objects, born host, body and
 * properties passed to the protocol's {@link MessageEncoder} (the one writer of that layout) as the record holds them.
 * Stateless apart from the broker's address; thread-safe.
 *
 * <p>Failure modes: a record whose property string is over {@link MessageDescriptor#MAX_PROPERTIES_LENGTH} bytes
 * raises {@link IllegalArgumentException} and writes nothing.
 */
public final class WireRecordWriter {

    /** Written for a record whose born host field is empty or malformed: 0.0.0.0:0. */
    private static final byte[] NO_HOST = new byte[StoredPropertiesDescriptor.IPV4_HOST_LENGTH];

    private final byte[] storeHost;

    public WireRecordWriter(InetSocketAddress storeHost) {
        this.storeHost = StoredFields.host(storeHost);
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
        byte[] bornHost = message.bornHost();
        if (bornHost.length != StoredPropertiesDescriptor.IPV4_HOST_LENGTH
                && bornHost.length != StoredPropertiesDescriptor.IPV6_HOST_LENGTH) {
            bornHost = NO_HOST;
        }
        new MessageEncoder()
                .queueId(queueId)
                .flag(StoredFields.userFlag(propertiesField))
                .queueOffset(queueOffset)
                .commitLogOffset(message.position())
                .sysFlag(message.flags())
                .bornTimestamp(message.bornTimestamp())
                .bornHost(bornHost)
                .storeTimestamp(message.storeTimestamp())
                .storeHost(storeHost)
                .reconsumeTimes(message.reconsumeTimes())
                .preparedTransactionOffset(Math.max(0, message.preparedPosition()))
                .body(message.bodyBuffer())
                .topic(topic)
                .propertyString(propertiesField, StoredPropertiesDescriptor.PROPERTY_STRING_OFFSET,
                        StoredFields.propertyStringLength(propertiesField))
                .writeTo(out);
    }
}
