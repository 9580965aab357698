package io.tandem.protocol.header;

import io.tandem.protocol.RemotingCommand;
import io.tandem.protocol.RequestCode;

import java.util.Map;
import java.util.Objects;

/**
 * GET_TOPIC_CONFIG (351) request header: one topic's configuration on a broker.
 *
 * @param topic topic
 */
public record GetTopicConfigRequestHeader(String topic) implements CommandHeader {

    public GetTopicConfigRequestHeader {
        Objects.requireNonNull(topic, "topic");
    }

    public static GetTopicConfigRequestHeader fromExtFields(Map<String, String> extFields) {
        return read(HeaderFields.forRequest(RequestCode.GET_TOPIC_CONFIG, extFields));
    }

    public static GetTopicConfigRequestHeader from(RemotingCommand request) {
        return read(HeaderFields.forRequest(request.code(), request.extFields()));
    }

    private static GetTopicConfigRequestHeader read(HeaderFields fields) {
        return new GetTopicConfigRequestHeader(
                fields.requiredString("topic"));
    }

    @Override
    public Map<String, String> toExtFields() {
        return ExtFieldsWriter.create()
                .put("topic", topic)
                .toMap();
    }
}
