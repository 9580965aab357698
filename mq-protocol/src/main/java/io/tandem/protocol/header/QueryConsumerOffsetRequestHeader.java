package io.tandem.protocol.header;

import io.tandem.protocol.RemotingCommand;
import io.tandem.protocol.RequestCode;

import java.util.Map;
import java.util.Objects;

/**
 * QUERY_CONSUMER_OFFSET (14) request header (fact sheet 2.6).
 *
 * @param consumerGroup consumer group
 * @param topic topic
 * @param queueId queue
 * @param setZeroIfNotFound whether the broker may answer 0 for a group without a stored offset, or null (push
 *                          consumers do not send it), which the broker treats as true
 * @param brokerName {@code bname}, or null
 */
public record QueryConsumerOffsetRequestHeader(String consumerGroup, String topic, int queueId,
                                               Boolean setZeroIfNotFound, String brokerName)
        implements CommandHeader {

    public QueryConsumerOffsetRequestHeader {
        Objects.requireNonNull(consumerGroup, "consumerGroup");
        Objects.requireNonNull(topic, "topic");
    }

    public static QueryConsumerOffsetRequestHeader fromExtFields(Map<String, String> extFields) {
        return read(HeaderFields.forRequest(RequestCode.QUERY_CONSUMER_OFFSET, extFields));
    }

    public static QueryConsumerOffsetRequestHeader from(RemotingCommand request) {
        return read(HeaderFields.forRequest(request.code(), request.extFields()));
    }

    private static QueryConsumerOffsetRequestHeader read(HeaderFields fields) {
        return new QueryConsumerOffsetRequestHeader(
                fields.requiredString("consumerGroup"),
                fields.requiredString("topic"),
                fields.requiredInt("queueId"),
                fields.optionalBoolean("setZeroIfNotFound"),
                fields.optionalString(HeaderKeys.BROKER_NAME));
    }

    @Override
    public Map<String, String> toExtFields() {
        return ExtFieldsWriter.create()
                .put("consumerGroup", consumerGroup)
                .put("topic", topic)
                .put("queueId", queueId)
                .put("setZeroIfNotFound", setZeroIfNotFound)
                .put(HeaderKeys.BROKER_NAME, brokerName)
                .toMap();
    }
}
