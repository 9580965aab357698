package io.tandem.protocol.header;

import io.tandem.protocol.RemotingCommand;
import io.tandem.protocol.RequestCode;

import java.util.Map;
import java.util.Objects;

/**
 * UPDATE_AND_CREATE_TOPIC (17) request header: creates a topic on a broker or updates its queue counts and
 * permission. The reference admin tools send every field; a broker treats an absent count as its admin default.
 *
 * @param topic topic to create or update
 * @param defaultTopic template topic (the tools send {@code TBW102}), or null
 * @param readQueueNums readable queues, or null for the broker's default
 * @param writeQueueNums writable queues, or null for the broker's default
 * @param perm {@code Permission} bits, or null for read and write
 * @param topicFilterType {@code SINGLE_TAG} (the tools' value), or null
 * @param topicSysFlag unit flags (0), or null
 * @param order whether producers must keep to the queues of {@code orderTopicConf}, or null
 */
public record CreateTopicRequestHeader(String topic, String defaultTopic, Integer readQueueNums,
                                       Integer writeQueueNums, Integer perm, String topicFilterType,
                                       Integer topicSysFlag, Boolean order) implements CommandHeader {

    public CreateTopicRequestHeader {
        Objects.requireNonNull(topic, "topic");
    }

    public static CreateTopicRequestHeader fromExtFields(Map<String, String> extFields) {
        return read(HeaderFields.forRequest(RequestCode.UPDATE_AND_CREATE_TOPIC, extFields));
    }

    public static CreateTopicRequestHeader from(RemotingCommand request) {
        return read(HeaderFields.forRequest(request.code(), request.extFields()));
    }

    private static CreateTopicRequestHeader read(HeaderFields fields) {
        return new CreateTopicRequestHeader(
                fields.requiredString("topic"),
                fields.optionalString("defaultTopic"),
                fields.optionalInt("readQueueNums"),
                fields.optionalInt("writeQueueNums"),
                fields.optionalInt("perm"),
                fields.optionalString("topicFilterType"),
                fields.optionalInt("topicSysFlag"),
                fields.optionalBoolean("order"));
    }

    @Override
    public Map<String, String> toExtFields() {
        return ExtFieldsWriter.create()
                .put("topic", topic)
                .put("defaultTopic", defaultTopic)
                .put("readQueueNums", readQueueNums)
                .put("writeQueueNums", writeQueueNums)
                .put("perm", perm)
                .put("topicFilterType", topicFilterType)
                .put("topicSysFlag", topicSysFlag)
                .put("order", order)
                .toMap();
    }
}
