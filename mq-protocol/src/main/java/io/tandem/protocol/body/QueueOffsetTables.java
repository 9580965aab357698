package io.tandem.protocol.body;

import io.tandem.protocol.ProtocolException;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Bodies of GET_CONSUME_STATS (208) and GET_TOPIC_STATS_INFO (202): per-queue offsets keyed by {@link MessageQueue},
 * written in the reference broker's object-key JSON (fact sheet 6.8) so its admin tools read them, and read back
 * with {@link ObjectKeyJson}.
 */
public final class QueueOffsetTables {

    /** One queue of a consume-stats body: where the queue ends and where the group is. */
    public record ConsumeOffset(long brokerOffset, long consumerOffset, long lastTimestamp) {
    }

    /** One queue of a topic-stats body. */
    public record TopicOffset(long minOffset, long maxOffset, long lastUpdateTimestamp) {
    }

    private QueueOffsetTables() {
    }

    public static byte[] encodeConsumeStats(Map<MessageQueue, ConsumeOffset> table, double consumeTps) {
        StringBuilder json = new StringBuilder("{\"consumeTps\":").append(consumeTps).append(",\"offsetTable\":{");
        boolean first = true;
        for (Map.Entry<MessageQueue, ConsumeOffset> entry : table.entrySet()) {
            json.append(first ? "" : ",");
            first = false;
            appendQueue(json, entry.getKey());
            ConsumeOffset offset = entry.getValue();
            json.append(":{\"brokerOffset\":").append(offset.brokerOffset())
                    .append(",\"consumerOffset\":").append(offset.consumerOffset())
                    .append(",\"lastTimestamp\":").append(offset.lastTimestamp()).append('}');
        }
        return json.append("}}").toString().getBytes(StandardCharsets.UTF_8);
    }

    public static byte[] encodeTopicStats(Map<MessageQueue, TopicOffset> table) {
        StringBuilder json = new StringBuilder("{\"offsetTable\":{");
        boolean first = true;
        for (Map.Entry<MessageQueue, TopicOffset> entry : table.entrySet()) {
            json.append(first ? "" : ",");
            first = false;
            appendQueue(json, entry.getKey());
            TopicOffset offset = entry.getValue();
            json.append(":{\"lastUpdateTimestamp\":").append(offset.lastUpdateTimestamp())
                    .append(",\"maxOffset\":").append(offset.maxOffset())
                    .append(",\"minOffset\":").append(offset.minOffset()).append('}');
        }
        return json.append("}}").toString().getBytes(StandardCharsets.UTF_8);
    }

    public static Map<MessageQueue, ConsumeOffset> decodeConsumeStats(byte[] body) {
        Map<MessageQueue, ConsumeOffset> table = new LinkedHashMap<>();
        offsetTable(body).forEach((key, value) -> {
            Map<?, ?> fields = asMap(value);
            table.put(queue(key), new ConsumeOffset(number(fields, "brokerOffset"), number(fields, "consumerOffset"),
                    number(fields, "lastTimestamp")));
        });
        return table;
    }

    public static Map<MessageQueue, TopicOffset> decodeTopicStats(byte[] body) {
        Map<MessageQueue, TopicOffset> table = new LinkedHashMap<>();
        offsetTable(body).forEach((key, value) -> {
            Map<?, ?> fields = asMap(value);
            table.put(queue(key), new TopicOffset(number(fields, "minOffset"), number(fields, "maxOffset"),
                    number(fields, "lastUpdateTimestamp")));
        });
        return table;
    }

    private static Map<?, ?> offsetTable(byte[] body) {
        Map<?, ?> root = asMap(ObjectKeyJson.parse(new String(body, StandardCharsets.UTF_8)));
        Object table = root.get("offsetTable");
        return table == null ? Map.of() : asMap(table);
    }

    private static void appendQueue(StringBuilder json, MessageQueue queue) {
        json.append("{\"brokerName\":\"").append(escape(queue.brokerName())).append("\",\"queueId\":")
                .append(queue.queueId()).append(",\"topic\":\"").append(escape(queue.topic())).append("\"}");
    }

    private static String escape(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    private static MessageQueue queue(Object key) {
        Map<?, ?> fields = asMap(key);
        Object topic = fields.get("topic");
        Object broker = fields.get("brokerName");
        if (!(topic instanceof String) || !(broker instanceof String)) {
            throw new ProtocolException("offset table key lacks topic or brokerName: " + key);
        }
        return new MessageQueue((String) topic, (String) broker, (int) number(fields, "queueId"));
    }

    private static Map<?, ?> asMap(Object value) {
        if (value instanceof Map<?, ?> map) {
            return map;
        }
        throw new ProtocolException("expected a JSON object, found " + value);
    }

    private static long number(Map<?, ?> fields, String name) {
        Object value = fields.get(name);
        return value instanceof Number number ? number.longValue() : 0;
    }
}
