package io.tandem.protocol.header;

import io.tandem.protocol.RemotingCommand;
import io.tandem.protocol.RequestCode;

import java.util.Map;
import java.util.Objects;

/**
 * GET_TOPIC_STATS_INFO (202) request header: the min and max offset of every queue of a topic.
 *
 * @param topic topic
 */
public record GetTopicStatsInfoRequestHeader(String topic) implements CommandHeader {

    public GetTopicStatsInfoRequestHeader {
        Objects.requireNonNull(topic, "topic");
    }

    public static GetTopicStatsInfoRequestHeader fromExtFields(Map<String, String> extFields) {
        return read(HeaderFields.forRequest(RequestCode.GET_TOPIC_STATS_INFO, extFields));
    }

    public static GetTopicStatsInfoRequestHeader from(RemotingCommand request) {
        return read(HeaderFields.forRequest(request.code(), request.extFields()));
    }

    private static GetTopicStatsInfoRequestHeader read(HeaderFields fields) {
        return new GetTopicStatsInfoRequestHeader(
                fields.requiredString("topic"));
    }

    @Override
    public Map<String, String> toExtFields() {
        return ExtFieldsWriter.create()
                .put("topic", topic)
                .toMap();
    }
}
