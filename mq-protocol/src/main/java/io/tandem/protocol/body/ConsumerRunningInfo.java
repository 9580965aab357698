package io.tandem.protocol.body;

import io.tandem.protocol.ProtocolException;
import io.tandem.protocol.RemotingJson;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Body of a consumer's answer to GET_CONSUMER_RUNNING_INFO (307, broker to consumer, relayed to the admin that asked):
 * the consumer's own view of itself, as {@code mqadmin consumerStatus} and the dashboard read it. The JSON is the
 * reference's: {@code properties} (strings), {@code subscriptionSet}, {@code mqTable} with {@link MessageQueue} object
 * keys (fact sheet 6.8), {@code statusTable} by topic, {@code userConsumerInfo} and {@code jstack}.
 *
 * @param properties   the consumer's settings; the admin tools need {@link #PROP_CONSUME_TYPE} and
 *                     {@link #PROP_CONSUMER_START_TIMESTAMP}
 * @param subscriptions the consumer's subscriptions, the retry topic included
 * @param queues       each queue the consumer owns and what it holds of it
 * @param statusTable  rates per topic; empty when the consumer does not measure them
 * @param jstack       the consumer's thread dump when it was asked for one, else null
 */
public record ConsumerRunningInfo(Map<String, String> properties, List<SubscriptionData> subscriptions,
                                  Map<MessageQueue, ProcessQueueInfo> queues, Map<String, ConsumeStatus> statusTable,
                                  String jstack) {

    public static final String PROP_NAMESERVER_ADDR = "PROP_NAMESERVER_ADDR";
    public static final String PROP_THREADPOOL_CORE_SIZE = "PROP_THREADPOOL_CORE_SIZE";
    public static final String PROP_CONSUME_ORDERLY = "PROP_CONSUMEORDERLY";
    /** {@link ConsumeType} name; the admin tools read it as a string. */
    public static final String PROP_CONSUME_TYPE = "PROP_CONSUME_TYPE";
    public static final String PROP_CLIENT_VERSION = "PROP_CLIENT_VERSION";
    /** ms since the epoch, as decimal text; the admin tools parse it unguarded. */
    public static final String PROP_CONSUMER_START_TIMESTAMP = "PROP_CONSUMER_START_TIMESTAMP";

    public ConsumerRunningInfo {
        properties = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(properties,
                "properties")));
        subscriptions = List.copyOf(Objects.requireNonNull(subscriptions, "subscriptions"));
        queues = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(queues, "queues")));
        statusTable = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(statusTable,
                "statusTable")));
    }

    /**
     * What a consumer holds of one queue ({@code droped} is spelled as on the wire).
     *
     * @param commitOffset       the offset the consumer commits next
     * @param cachedMsgMinOffset smallest offset pulled and not consumed, 0 when none
     * @param cachedMsgMaxOffset largest offset pulled and not consumed, 0 when none
     * @param cachedMsgCount     messages pulled and not consumed
     * @param cachedMsgSizeInMiB their body bytes in MiB
     * @param locked             an orderly consumer holds the broker's lock of the queue
     * @param lastLockTimestamp  when the lock was last granted, ms since the epoch
     * @param dropped            the consumer gave the queue up
     * @param lastPullTimestamp  when messages of the queue last arrived, ms since the epoch, 0 if never
     * @param lastConsumeTimestamp when the listener last returned for the queue, ms since the epoch, 0 if never
     */
    public record ProcessQueueInfo(long commitOffset, long cachedMsgMinOffset, long cachedMsgMaxOffset,
                                   int cachedMsgCount, int cachedMsgSizeInMiB, boolean locked, long lastLockTimestamp,
                                   boolean dropped, long lastPullTimestamp, long lastConsumeTimestamp) {
    }

    /** Rates of one topic: pull and consume response times (ms) and throughput (per second). */
    public record ConsumeStatus(double pullRT, double pullTPS, double consumeRT, double consumeOKTPS,
                                double consumeFailedTPS, long consumeFailedMsgs) {
    }

    public byte[] toJson() {
        StringBuilder json = new StringBuilder(512).append("{\"properties\":{");
        boolean first = true;
        for (Map.Entry<String, String> property : properties.entrySet()) {
            json.append(first ? "" : ",");
            first = false;
            text(json, property.getKey()).append(':');
            text(json, property.getValue());
        }
        json.append("},\"subscriptionSet\":[");
        first = true;
        for (SubscriptionData subscription : subscriptions) {
            json.append(first ? "" : ",").append(new String(RemotingJson.encode(subscription),
                    StandardCharsets.UTF_8));
            first = false;
        }
        json.append("],\"mqTable\":{");
        first = true;
        for (Map.Entry<MessageQueue, ProcessQueueInfo> entry : queues.entrySet()) {
            json.append(first ? "" : ",");
            first = false;
            QueueOffsetTables.appendQueue(json, entry.getKey());
            ProcessQueueInfo q = entry.getValue();
            json.append(":{\"commitOffset\":").append(q.commitOffset())
                    .append(",\"cachedMsgMinOffset\":").append(q.cachedMsgMinOffset())
                    .append(",\"cachedMsgMaxOffset\":").append(q.cachedMsgMaxOffset())
                    .append(",\"cachedMsgCount\":").append(q.cachedMsgCount())
                    .append(",\"cachedMsgSizeInMiB\":").append(q.cachedMsgSizeInMiB())
                    .append(",\"transactionMsgMinOffset\":0,\"transactionMsgMaxOffset\":0,\"transactionMsgCount\":0")
                    .append(",\"locked\":").append(q.locked())
                    .append(",\"tryUnlockTimes\":0")
                    .append(",\"lastLockTimestamp\":").append(q.lastLockTimestamp())
                    .append(",\"droped\":").append(q.dropped())
                    .append(",\"lastPullTimestamp\":").append(q.lastPullTimestamp())
                    .append(",\"lastConsumeTimestamp\":").append(q.lastConsumeTimestamp()).append('}');
        }
        json.append("},\"statusTable\":{");
        first = true;
        for (Map.Entry<String, ConsumeStatus> entry : statusTable.entrySet()) {
            json.append(first ? "" : ",");
            first = false;
            ConsumeStatus s = entry.getValue();
            text(json, entry.getKey()).append(":{\"pullRT\":").append(s.pullRT())
                    .append(",\"pullTPS\":").append(s.pullTPS())
                    .append(",\"consumeRT\":").append(s.consumeRT())
                    .append(",\"consumeOKTPS\":").append(s.consumeOKTPS())
                    .append(",\"consumeFailedTPS\":").append(s.consumeFailedTPS())
                    .append(",\"consumeFailedMsgs\":").append(s.consumeFailedMsgs()).append('}');
        }
        json.append("},\"userConsumerInfo\":{}");
        if (jstack != null) {
            json.append(",\"jstack\":");
            text(json, jstack);
        }
        return json.append('}').toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The properties, subscribed topics and queue table of a running-info body (rates and thread dump are not read).
     *
     * @throws ProtocolException if the bytes are not running-info JSON
     */
    public static ConsumerRunningInfo fromJson(byte[] json) {
        Map<?, ?> root = QueueOffsetTables.asMap(ObjectKeyJson.parse(new String(json, StandardCharsets.UTF_8)));
        Map<String, String> properties = new LinkedHashMap<>();
        Object props = root.get("properties");
        if (props != null) {
            QueueOffsetTables.asMap(props).forEach((key, value) -> properties.put(String.valueOf(key),
                    String.valueOf(value)));
        }
        List<SubscriptionData> subscriptions = new ArrayList<>();
        if (root.get("subscriptionSet") instanceof List<?> list) {
            for (Object item : list) {
                Map<?, ?> fields = QueueOffsetTables.asMap(item);
                Object topic = fields.get("topic");
                if (!(topic instanceof String)) {
                    throw new ProtocolException("subscription without a topic: " + item);
                }
                Object expression = fields.get("subString");
                subscriptions.add(SubscriptionData.ofTags((String) topic,
                        expression == null ? null : String.valueOf(expression),
                        QueueOffsetTables.number(fields, "subVersion")));
            }
        }
        Map<MessageQueue, ProcessQueueInfo> queues = new LinkedHashMap<>();
        Object table = root.get("mqTable");
        if (table != null) {
            QueueOffsetTables.asMap(table).forEach((key, value) -> {
                Map<?, ?> q = QueueOffsetTables.asMap(value);
                queues.put(QueueOffsetTables.queue(key), new ProcessQueueInfo(
                        QueueOffsetTables.number(q, "commitOffset"), QueueOffsetTables.number(q, "cachedMsgMinOffset"),
                        QueueOffsetTables.number(q, "cachedMsgMaxOffset"),
                        (int) QueueOffsetTables.number(q, "cachedMsgCount"),
                        (int) QueueOffsetTables.number(q, "cachedMsgSizeInMiB"), Boolean.TRUE.equals(q.get("locked")),
                        QueueOffsetTables.number(q, "lastLockTimestamp"), Boolean.TRUE.equals(q.get("droped")),
                        QueueOffsetTables.number(q, "lastPullTimestamp"),
                        QueueOffsetTables.number(q, "lastConsumeTimestamp")));
            });
        }
        Object jstack = root.get("jstack");
        return new ConsumerRunningInfo(properties, subscriptions, queues, Map.of(),
                jstack == null ? null : String.valueOf(jstack));
    }

    private static StringBuilder text(StringBuilder json, String value) {
        json.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                default -> {
                    if (c < 0x20) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        return json.append('"');
    }
}
