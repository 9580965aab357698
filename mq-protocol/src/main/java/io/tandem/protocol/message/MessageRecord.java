package io.tandem.protocol.message;

import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One decoded stored-message record (fact sheet 4.1, layout in {@link MessageDescriptor}), as a value. Encode and
 * decode it with {@link MessageCodec}; read single fields without building one with {@link MessageFlyweight}.
 *
 * <p>The host bits of {@code sysFlag} ({@link MessageSysFlag#BORN_HOST_V6}, {@link MessageSysFlag#STORE_HOST_V6})
 * are derived from the address families of the two hosts, whatever the caller passed, because the layout depends on
 * them. The body is the stored (possibly compressed) body; the array is not copied and must not be modified.
 *
 * @param topic                     topic the record is stored under (or the real topic, for check-back bodies)
 * @param queueId                   queue
 * @param flag                      the user's int flag
 * @param queueOffset               logical offset in the queue
 * @param commitLogOffset           broker-global position of the record ("physical offset")
 * @param sysFlag                   {@link MessageSysFlag} bits
 * @param bornTimestamp             ms since the epoch at the producer
 * @param bornHost                  producer's address as the broker saw it (resolved)
 * @param storeTimestamp            ms since the epoch when stored
 * @param storeHost                 broker's client-facing address (resolved)
 * @param reconsumeTimes            delivery attempts before this copy
 * @param preparedTransactionOffset for committed transactional messages the half record's commit-log offset, else 0
 * @param body                      body bytes as stored
 * @param properties                decoded property string, in wire order (unmodifiable)
 */
public record MessageRecord(String topic, int queueId, int flag, long queueOffset, long commitLogOffset, int sysFlag,
                            long bornTimestamp, InetSocketAddress bornHost, long storeTimestamp,
                            InetSocketAddress storeHost, int reconsumeTimes, long preparedTransactionOffset,
                            byte[] body, Map<String, String> properties) {

    public MessageRecord {
        Objects.requireNonNull(topic, "topic");
        requireResolved(bornHost, "bornHost");
        requireResolved(storeHost, "storeHost");
        Objects.requireNonNull(body, "body");
        properties = properties == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(properties));
        sysFlag = withHostFlags(sysFlag, bornHost, storeHost);
    }

    /** The offset message id of this record: store host plus commit-log offset (fact sheet 4.3). */
    public String offsetMessageId() {
        return OffsetMessageId.encode(storeHost, commitLogOffset);
    }

    /** A property value, or null. */
    public String property(String name) {
        return properties.get(name);
    }

    /** The UNIQ_KEY property, which Java consumers show as the message id; null when absent. */
    public String uniqueKey() {
        return properties.get(PropertyKeys.UNIQ_KEY);
    }

    /** The TAGS property, or null. */
    public String tags() {
        return properties.get(PropertyKeys.TAGS);
    }

    private static void requireResolved(InetSocketAddress host, String name) {
        Objects.requireNonNull(host, name);
        if (host.getAddress() == null) {
            throw new IllegalArgumentException(name + " must be a resolved address: " + host);
        }
    }

    private static int withHostFlags(int sysFlag, InetSocketAddress bornHost, InetSocketAddress storeHost) {
        int flags = sysFlag & ~(MessageSysFlag.BORN_HOST_V6 | MessageSysFlag.STORE_HOST_V6);
        if (bornHost.getAddress().getAddress().length == MessageDescriptor.IPV6_ADDRESS_LENGTH) {
            flags |= MessageSysFlag.BORN_HOST_V6;
        }
        if (storeHost.getAddress().getAddress().length == MessageDescriptor.IPV6_ADDRESS_LENGTH) {
            flags |= MessageSysFlag.STORE_HOST_V6;
        }
        return flags;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof MessageRecord that
                && queueId == that.queueId && flag == that.flag && queueOffset == that.queueOffset
                && commitLogOffset == that.commitLogOffset && sysFlag == that.sysFlag
                && bornTimestamp == that.bornTimestamp && storeTimestamp == that.storeTimestamp
                && reconsumeTimes == that.reconsumeTimes && preparedTransactionOffset == that.preparedTransactionOffset
                && topic.equals(that.topic) && bornHost.equals(that.bornHost) && storeHost.equals(that.storeHost)
                && Arrays.equals(body, that.body) && properties.equals(that.properties);
    }

    @Override
    public int hashCode() {
        return Objects.hash(topic, queueId, queueOffset, commitLogOffset, sysFlag, bornTimestamp, storeTimestamp)
                * 31 + Arrays.hashCode(body);
    }

    @Override
    public String toString() {
        return "MessageRecord{topic=" + topic + ", queueId=" + queueId + ", queueOffset=" + queueOffset
                + ", commitLogOffset=" + commitLogOffset + ", sysFlag=" + sysFlag + ", flag=" + flag
                + ", bornTimestamp=" + bornTimestamp + ", bornHost=" + bornHost + ", storeTimestamp=" + storeTimestamp
                + ", storeHost=" + storeHost + ", reconsumeTimes=" + reconsumeTimes
                + ", preparedTransactionOffset=" + preparedTransactionOffset + ", bodyLength=" + body.length
                + ", properties=" + properties + '}';
    }
}
