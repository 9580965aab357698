package io.tandem.protocol.header;

import io.tandem.protocol.RemotingCommand;
import io.tandem.protocol.RequestCode;

import java.util.Map;
import java.util.Objects;

/**
 * Header of INVOKE_BROKER_TO_RESET_OFFSET (222, admin to broker) and of RESET_CONSUMER_CLIENT_OFFSET (220, broker to
 * consumer): move a group's offsets of a topic back (or forward) to the first message stored at or after a time.
 *
 * @param topic topic whose offsets move
 * @param group consumer group
 * @param timestamp ms since the epoch; -1 means the queues' current end
 * @param force ext key {@code isForce}: move forward too (true), or only back (false); null means true
 * @param queueId only this queue (with {@code offset}), or null/-1 for every queue
 * @param offset explicit offset for {@code queueId}, or null/-1 to search by {@code timestamp}
 */
public record ResetOffsetRequestHeader(String topic, String group, long timestamp, Boolean force, Integer queueId,
                                       Long offset) implements CommandHeader {

    public ResetOffsetRequestHeader {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(group, "group");
    }

    public static ResetOffsetRequestHeader fromExtFields(Map<String, String> extFields) {
        return read(HeaderFields.forRequest(RequestCode.INVOKE_BROKER_TO_RESET_OFFSET, extFields));
    }

    public static ResetOffsetRequestHeader from(RemotingCommand request) {
        return read(HeaderFields.forRequest(request.code(), request.extFields()));
    }

    private static ResetOffsetRequestHeader read(HeaderFields fields) {
        return new ResetOffsetRequestHeader(
                fields.requiredString("topic"),
                fields.requiredString("group"),
                fields.requiredLong("timestamp"),
                fields.optionalBoolean("isForce"),
                fields.optionalInt("queueId"),
                fields.optionalLong("offset"));
    }

    @Override
    public Map<String, String> toExtFields() {
        return ExtFieldsWriter.create()
                .put("topic", topic)
                .put("group", group)
                .put("timestamp", timestamp)
                .put("isForce", force)
                .put("queueId", queueId)
                .put("offset", offset)
                .toMap();
    }
}
