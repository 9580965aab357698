package io.tandem.client;

import io.tandem.protocol.body.MessageQueue;
import io.tandem.protocol.message.BodyCompression;
import io.tandem.protocol.message.MessageRecord;
import io.tandem.protocol.message.MessageSysFlag;
import io.tandem.protocol.message.PropertyKeys;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A message as a consumer or a query receives it: the stored record with its body inflated, plus where it came from.
 * Immutable and therefore safe to share between threads.
 *
 * <p>{@link #topic()} is the topic the producer sent to: for a retried copy pulled from {@code %RETRY%<group>} it is
 * the original topic (property RETRY_TOPIC), while {@link #queue()} is the queue the copy was actually read from.
 * {@link #messageId()} is the producer's unique key (UNIQ_KEY) and falls back to the broker's offset message id for
 * messages sent without one.
 *
 * @param topic                     the topic the message was sent to
 * @param queue                     the queue this copy was read from
 * @param queueOffset               logical offset of this copy in {@link #queue()}
 * @param commitLogOffset           the broker's position of the stored record
 * @param messageId                 UNIQ_KEY, or the offset message id when there is none
 * @param offsetMessageId           broker address plus commit-log offset (fact sheet 4.3)
 * @param body                      the plain body (inflated when it was stored compressed); do not modify
 * @param flag                      the producer's int flag
 * @param sysFlag                   message sys flags with the compression bit cleared
 * @param properties                every property, unmodifiable
 * @param reconsumeTimes            how many deliveries failed before this one
 * @param bornTimestamp             ms since the epoch when the producer sent it
 * @param bornHost                  the producer's address as the broker saw it
 * @param storeTimestamp            ms since the epoch when the broker stored this copy
 * @param storeHost                 the broker's address
 * @param preparedTransactionOffset for committed transactional messages the half record's position, else 0
 */
public record ReceivedMessage(String topic, MessageQueue queue, long queueOffset, long commitLogOffset,
                              String messageId, String offsetMessageId, byte[] body, int flag, int sysFlag,
                              Map<String, String> properties, int reconsumeTimes, long bornTimestamp,
                              InetSocketAddress bornHost, long storeTimestamp, InetSocketAddress storeHost,
                              long preparedTransactionOffset) {

    /** Largest inflated body accepted: a guard against decompression bombs (the broker's limit is 4 MiB). */
    public static final int MAX_INFLATED_BODY_LENGTH = 64 << 20;

    public ReceivedMessage {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(queue, "queue");
        Objects.requireNonNull(body, "body");
        properties = properties == null ? Map.of() : Map.copyOf(properties);
    }

    /**
     * The message held by a stored record read from broker {@code brokerName}.
     *
     * @throws io.tandem.protocol.ProtocolException if the body is compressed with an unsupported algorithm or is not
     *                                              valid compressed data
     */
    public static ReceivedMessage from(MessageRecord record, String brokerName) {
        byte[] body = BodyCompression.decompress(record.body(), record.sysFlag(), MAX_INFLATED_BODY_LENGTH);
        int sysFlag = record.sysFlag() & ~MessageSysFlag.COMPRESSED;
        String retryTopic = record.property(PropertyKeys.RETRY_TOPIC);
        String topic = retryTopic != null && record.topic().startsWith("%RETRY%") ? retryTopic : record.topic();
        String offsetMessageId = record.offsetMessageId();
        String uniqueKey = record.uniqueKey();
        return new ReceivedMessage(topic, new MessageQueue(record.topic(), brokerName, record.queueId()),
                record.queueOffset(), record.commitLogOffset(), uniqueKey == null ? offsetMessageId : uniqueKey,
                offsetMessageId, body, record.flag(), sysFlag, record.properties(), record.reconsumeTimes(),
                record.bornTimestamp(), record.bornHost(), record.storeTimestamp(), record.storeHost(),
                record.preparedTransactionOffset());
    }

    /** This message with another reconsume count (orderly consumers count local retries this way). */
    public ReceivedMessage withReconsumeTimes(int times) {
        return new ReceivedMessage(topic, queue, queueOffset, commitLogOffset, messageId, offsetMessageId, body, flag,
                sysFlag, properties, times, bornTimestamp, bornHost, storeTimestamp, storeHost,
                preparedTransactionOffset);
    }

    /** The body decoded as UTF-8. */
    public String bodyAsString() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** The tag, or null. */
    public String tags() {
        return properties.get(PropertyKeys.TAGS);
    }

    /** The business keys; empty when there are none. */
    public List<String> keys() {
        String keys = properties.get(PropertyKeys.KEYS);
        return keys == null || keys.isBlank() ? List.of() : List.of(keys.strip().split(" +"));
    }

    /** One property, or null. */
    public String property(String name) {
        return properties.get(name);
    }

    /** The producer's unique key (UNIQ_KEY), or null. */
    public String uniqueKey() {
        return properties.get(PropertyKeys.UNIQ_KEY);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ReceivedMessage that && queue.equals(that.queue) && queueOffset == that.queueOffset
                && commitLogOffset == that.commitLogOffset && reconsumeTimes == that.reconsumeTimes;
    }

    @Override
    public int hashCode() {
        return Objects.hash(queue, queueOffset, commitLogOffset);
    }

    @Override
    public String toString() {
        return "ReceivedMessage{topic=" + topic + ", queue=" + queue + ", queueOffset=" + queueOffset
                + ", messageId=" + messageId + ", reconsumeTimes=" + reconsumeTimes + ", bodyLength=" + body.length
                + ", properties=" + properties + '}';
    }
}
