package io.tandem.protocol.body;

import io.tandem.protocol.ProtocolException;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Bodies of GET_CONSUME_STATS (208), GET_BROKER_CONSUME_STATS (317) and GET_TOPIC_STATS_INFO (202): per-queue offsets
 * keyed by {@link MessageQueue}, written in the reference broker's object-key JSON (fact sheet 6.8) so its admin tools
 * read them, and read back with {@link ObjectKeyJson}.
 */
public final class QueueOffsetTables {

    /**
     * One queue of a consume-stats body: where the queue ends and where the group is. Written with a
     * {@code pullOffset} equal to {@code consumerOffset} (the tools show their difference as messages in flight, which
     * the broker does not track).
     *
     * @param lastTimestamp store time of the last message the group consumed in this queue, or 0
     */
    public record ConsumeOffset(long brokerOffset, long consumerOffset, long lastTimestamp) {
    }

    /**
     * A group's progress over one topic, as one element of a GET_BROKER_CONSUME_STATS body.
     *
     * @param offsetTable every queue of the topic
     * @param consumeTps  messages per second the group consumed recently
     */
    public record GroupTopicStats(Map<MessageQueue, ConsumeOffset> offsetTable, double consumeTps) {

        public GroupTopicStats {
            offsetTable = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(offsetTable));
        }

        /** Messages not yet consumed, summed over the queues. */
        public long totalDiff() {
            return offsetTable.values().stream().mapToLong(o -> o.brokerOffset() - o.consumerOffset()).sum();
        }
    }

    /** One queue of a topic-stats body. */
    public record TopicOffset(long minOffset, long maxOffset, long lastUpdateTimestamp) {
    }

    private QueueOffsetTables() {
    }

    public static byte[] encodeConsumeStats(Map<MessageQueue, ConsumeOffset> table, double consumeTps) {
        StringBuilder json = new StringBuilder();
        appendConsumeStats(json, table, consumeTps);
        return json.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The GET_BROKER_CONSUME_STATS body: per group, its progress over each topic it consumes, and the diff totals.
     *
     * @param brokerAddr the answering broker's address
     * @param groups     group to its per-topic progress, in the order to write
     */
    public static byte[] encodeConsumeStatsList(String brokerAddr, Map<String, List<GroupTopicStats>> groups) {
        long totalDiff = 0;
        StringBuilder json = new StringBuilder("{\"brokerAddr\":\"").append(escape(brokerAddr))
                .append("\",\"consumeStatsList\":[");
        boolean firstGroup = true;
        for (Map.Entry<String, List<GroupTopicStats>> group : groups.entrySet()) {
            json.append(firstGroup ? "" : ",").append("{\"").append(escape(group.getKey())).append("\":[");
            firstGroup = false;
            boolean firstTopic = true;
            for (GroupTopicStats stats : group.getValue()) {
                json.append(firstTopic ? "" : ",");
                firstTopic = false;
                appendConsumeStats(json, stats.offsetTable(), stats.consumeTps());
                totalDiff += stats.totalDiff();
            }
            json.append("]}");
        }
        json.append("],\"totalDiff\":").append(totalDiff).append(",\"totalInflightDiff\":0}");
        return json.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Reads a GET_BROKER_CONSUME_STATS body back: group to its per-topic progress. */
    public static Map<String, List<GroupTopicStats>> decodeConsumeStatsList(byte[] body) {
        Map<?, ?> root = asMap(ObjectKeyJson.parse(new String(body, StandardCharsets.UTF_8)));
        Map<String, List<GroupTopicStats>> groups = new LinkedHashMap<>();
        Object list = root.get("consumeStatsList");
        if (!(list instanceof List<?> entries)) {
            return groups;
        }
        for (Object entry : entries) {
            asMap(entry).forEach((group, statsList) -> {
                List<GroupTopicStats> topics = groups.computeIfAbsent(String.valueOf(group), g -> new ArrayList<>());
                if (statsList instanceof List<?> items) {
                    for (Object item : items) {
                        Map<?, ?> stats = asMap(item);
                        Object tps = stats.get("consumeTps");
                        topics.add(new GroupTopicStats(consumeOffsets(stats.get("offsetTable")),
                                tps instanceof Number number ? number.doubleValue() : 0));
                    }
                }
            });
        }
        return groups;
    }

    private static void appendConsumeStats(StringBuilder json, Map<MessageQueue, ConsumeOffset> table,
                                           double consumeTps) {
        json.append("{\"consumeTps\":").append(consumeTps).append(",\"offsetTable\":{");
        boolean first = true;
        for (Map.Entry<MessageQueue, ConsumeOffset> entry : table.entrySet()) {
            json.append(first ? "" : ",");
            first = false;
            appendQueue(json, entry.getKey());
            ConsumeOffset offset = entry.getValue();
            json.append(":{\"brokerOffset\":").append(offset.brokerOffset())
                    .append(",\"consumerOffset\":").append(offset.consumerOffset())
                    .append(",\"lastTimestamp\":").append(offset.lastTimestamp())
                    .append(",\"pullOffset\":").append(offset.consumerOffset()).append('}');
        }
        json.append("}}");
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
        Map<?, ?> root = asMap(ObjectKeyJson.parse(new String(body, StandardCharsets.UTF_8)));
        return consumeOffsets(root.get("offsetTable"));
    }

    private static Map<MessageQueue, ConsumeOffset> consumeOffsets(Object offsetTable) {
        Map<MessageQueue, ConsumeOffset> table = new LinkedHashMap<>();
        if (offsetTable == null) {
            return table;
        }
        asMap(offsetTable).forEach((key, value) -> {
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

    static void appendQueue(StringBuilder json, MessageQueue queue) {
        json.append("{\"brokerName\":\"").append(escape(queue.brokerName())).append("\",\"queueId\":")
                .append(queue.queueId()).append(",\"topic\":\"").append(escape(queue.topic())).append("\"}");
    }

    static String escape(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    static MessageQueue queue(Object key) {
        Map<?, ?> fields = asMap(key);
        Object topic = fields.get("topic");
        Object broker = fields.get("brokerName");
        if (!(topic instanceof String) || !(broker instanceof String)) {
            throw new ProtocolException("offset table key lacks topic or brokerName: " + key);
        }
        return new MessageQueue((String) topic, (String) broker, (int) number(fields, "queueId"));
    }

    static Map<?, ?> asMap(Object value) {
        if (value instanceof Map<?, ?> map) {
            return map;
        }
        throw new ProtocolException("expected a JSON object, found " + value);
    }

    static long number(Map<?, ?> fields, String name) {
        Object value = fields.get(name);
        return value instanceof Number number ? number.longValue() : 0;
    }
}
