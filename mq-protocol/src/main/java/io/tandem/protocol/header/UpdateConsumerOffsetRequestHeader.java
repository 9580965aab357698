package io.tandem.protocol.header;

import io.tandem.protocol.RemotingCommand;
import io.tandem.protocol.RequestCode;

import java.util.Map;
import java.util.Objects;

/**
 * UPDATE_CONSUMER_OFFSET (15) request header (fact sheet 2.6); periodic updates are oneway.
 *
 * @param consumerGroup consumer group
 * @param topic topic
 * @param queueId queue
 * @param commitOffset next offset to consume
 * @param brokerName {@code bname}, or null
 */
public record UpdateConsumerOffsetRequestHeader(String consumerGroup, String topic, int queueId, long commitOffset,
                                                String brokerName)
        implements CommandHeader {

    public UpdateConsumerOffsetRequestHeader {
        Objects.requireNonNull(consumerGroup, "consumerGroup");
        Objects.requireNonNull(topic, "topic");
    }

    public static UpdateConsumerOffsetRequestHeader fromExtFields(Map<String, String> extFields) {
        return read(HeaderFields.forRequest(RequestCode.UPDATE_CONSUMER_OFFSET, extFields));
    }

    public static UpdateConsumerOffsetRequestHeader from(RemotingCommand request) {
        return read(HeaderFields.forRequest(request.code(), request.extFields()));
    }

    private static UpdateConsumerOffsetRequestHeader read(HeaderFields fields) {
        return new UpdateConsumerOffsetRequestHeader(
                fields.requiredString("consumerGroup"),
                fields.requiredString("topic"),
                fields.requiredInt("queueId"),
                fields.requiredLong("commitOffset"),
                fields.optionalString(HeaderKeys.BROKER_NAME));
    }

    @Override
    public Map<String, String> toExtFields() {
        return ExtFieldsWriter.create()
                .put("consumerGroup", consumerGroup)
                .put("topic", topic)
                .put("queueId", queueId)
                .put("commitOffset", commitOffset)
                .put(HeaderKeys.BROKER_NAME, brokerName)
                .toMap();
    }
}
