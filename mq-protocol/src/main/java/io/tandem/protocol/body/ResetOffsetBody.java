package io.tandem.protocol.body;

import io.tandem.protocol.ProtocolException;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Body of RESET_CONSUMER_CLIENT_OFFSET (220, broker to consumer) and of the INVOKE_BROKER_TO_RESET_OFFSET (222)
 * answer: the offset each queue is reset to. Keys are {@link MessageQueue} objects, so the JSON is the reference's
 * object-key form (fact sheet 6.8): {@code {"offsetTable":{{"brokerName":"b","queueId":0,"topic":"T"}:12}}}.
 *
 * @param offsetTable queue to the next offset the group will consume there
 */
public record ResetOffsetBody(Map<MessageQueue, Long> offsetTable) {

    public ResetOffsetBody {
        offsetTable = offsetTable == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(offsetTable));
    }

    public byte[] toJson() {
        StringBuilder json = new StringBuilder("{\"offsetTable\":{");
        boolean first = true;
        for (Map.Entry<MessageQueue, Long> entry : offsetTable.entrySet()) {
            json.append(first ? "" : ",");
            first = false;
            QueueOffsetTables.appendQueue(json, entry.getKey());
            json.append(':').append(entry.getValue());
        }
        return json.append("}}").toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * @throws ProtocolException if the bytes are not reset-offset JSON
     */
    public static ResetOffsetBody fromJson(byte[] json) {
        Map<?, ?> root = QueueOffsetTables.asMap(ObjectKeyJson.parse(new String(json, StandardCharsets.UTF_8)));
        Map<MessageQueue, Long> table = new LinkedHashMap<>();
        Object offsets = root.get("offsetTable");
        if (offsets != null) {
            QueueOffsetTables.asMap(offsets).forEach((key, value) -> {
                if (!(value instanceof Number number)) {
                    throw new ProtocolException("reset offset of " + key + " is not a number: " + value);
                }
                table.put(QueueOffsetTables.queue(key), number.longValue());
            });
        }
        return new ResetOffsetBody(table);
    }
}
