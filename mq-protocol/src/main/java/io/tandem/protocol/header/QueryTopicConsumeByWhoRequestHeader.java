package io.tandem.protocol.header;

import io.tandem.protocol.RemotingCommand;
import io.tandem.protocol.RequestCode;

import java.util.Map;
import java.util.Objects;

/**
 * QUERY_TOPIC_CONSUME_BY_WHO (300) request header: the groups that consume a topic.
 *
 * @param topic topic
 */
public record QueryTopicConsumeByWhoRequestHeader(String topic) implements CommandHeader {

    public QueryTopicConsumeByWhoRequestHeader {
        Objects.requireNonNull(topic, "topic");
    }

    public static QueryTopicConsumeByWhoRequestHeader fromExtFields(Map<String, String> extFields) {
        return read(HeaderFields.forRequest(RequestCode.QUERY_TOPIC_CONSUME_BY_WHO, extFields));
    }

    public static QueryTopicConsumeByWhoRequestHeader from(RemotingCommand request) {
        return read(HeaderFields.forRequest(request.code(), request.extFields()));
    }

    private static QueryTopicConsumeByWhoRequestHeader read(HeaderFields fields) {
        return new QueryTopicConsumeByWhoRequestHeader(
                fields.requiredString("topic"));
    }

    @Override
    public Map<String, String> toExtFields() {
        return ExtFieldsWriter.create()
                .put("topic", topic)
                .toMap();
    }
}
