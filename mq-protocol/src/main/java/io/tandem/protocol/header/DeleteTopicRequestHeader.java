package io.tandem.protocol.header;

import io.tandem.protocol.RemotingCommand;
import io.tandem.protocol.RequestCode;

import java.util.Map;
import java.util.Objects;

/**
 * DELETE_TOPIC_IN_BROKER (215) and DELETE_TOPIC_IN_NAMESRV (216) request header.
 *
 * @param topic topic to delete
 */
public record DeleteTopicRequestHeader(String topic) implements CommandHeader {

    public DeleteTopicRequestHeader {
        Objects.requireNonNull(topic, "topic");
    }

    public static DeleteTopicRequestHeader fromExtFields(Map<String, String> extFields) {
        return read(HeaderFields.forRequest(RequestCode.DELETE_TOPIC_IN_BROKER, extFields));
    }

    public static DeleteTopicRequestHeader from(RemotingCommand request) {
        return read(HeaderFields.forRequest(request.code(), request.extFields()));
    }

    private static DeleteTopicRequestHeader read(HeaderFields fields) {
        return new DeleteTopicRequestHeader(
                fields.requiredString("topic"));
    }

    @Override
    public Map<String, String> toExtFields() {
        return ExtFieldsWriter.create()
                .put("topic", topic)
                .toMap();
    }
}
