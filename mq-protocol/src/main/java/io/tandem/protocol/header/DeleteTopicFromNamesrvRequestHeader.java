package io.tandem.protocol.header;

import io.tandem.protocol.RemotingCommand;
import io.tandem.protocol.RequestCode;

import java.util.Map;
import java.util.Objects;

/**
 * DELETE_TOPIC_IN_NAMESRV (216) request header: removes a topic's routes from a name server.
 *
 * @param topic       topic to remove
 * @param clusterName only from the broker groups of this cluster, or null for every group
 */
public record DeleteTopicFromNamesrvRequestHeader(String topic, String clusterName) implements CommandHeader {

    public DeleteTopicFromNamesrvRequestHeader {
        Objects.requireNonNull(topic, "topic");
    }

    public static DeleteTopicFromNamesrvRequestHeader fromExtFields(Map<String, String> extFields) {
        return read(HeaderFields.forRequest(RequestCode.DELETE_TOPIC_IN_NAMESRV, extFields));
    }

    public static DeleteTopicFromNamesrvRequestHeader from(RemotingCommand request) {
        return read(HeaderFields.forRequest(request.code(), request.extFields()));
    }

    private static DeleteTopicFromNamesrvRequestHeader read(HeaderFields fields) {
        return new DeleteTopicFromNamesrvRequestHeader(fields.requiredString("topic"),
                fields.optionalString("clusterName"));
    }

    @Override
    public Map<String, String> toExtFields() {
        return ExtFieldsWriter.create().put("topic", topic).put("clusterName", clusterName).toMap();
    }
}
