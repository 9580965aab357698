package io.tandem.protocol.header;

import io.tandem.protocol.RemotingCommand;
import io.tandem.protocol.RequestCode;

import java.util.Map;
import java.util.Objects;

/**
 * QUERY_TOPICS_BY_CONSUMER (343) request header: the topics a group consumes.
 *
 * @param group consumer group
 */
public record QueryTopicsByConsumerRequestHeader(String group) implements CommandHeader {

    public QueryTopicsByConsumerRequestHeader {
        Objects.requireNonNull(group, "group");
    }

    public static QueryTopicsByConsumerRequestHeader fromExtFields(Map<String, String> extFields) {
        return read(HeaderFields.forRequest(RequestCode.QUERY_TOPICS_BY_CONSUMER, extFields));
    }

    public static QueryTopicsByConsumerRequestHeader from(RemotingCommand request) {
        return read(HeaderFields.forRequest(request.code(), request.extFields()));
    }

    private static QueryTopicsByConsumerRequestHeader read(HeaderFields fields) {
        return new QueryTopicsByConsumerRequestHeader(
                fields.requiredString("group"));
    }

    @Override
    public Map<String, String> toExtFields() {
        return ExtFieldsWriter.create()
                .put("group", group)
                .toMap();
    }
}
