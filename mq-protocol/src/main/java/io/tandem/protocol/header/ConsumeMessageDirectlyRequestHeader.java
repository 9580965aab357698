package io.tandem.protocol.header;

import io.tandem.protocol.RemotingCommand;
import io.tandem.protocol.RequestCode;

import java.util.Map;
import java.util.Objects;

/**
 * CONSUME_MESSAGE_DIRECTLY (309) header, admin to broker and broker to consumer: hand one stored message to one
 * consumer's listener and report what it answered.
 *
 * @param consumerGroup consumer group
 * @param clientId the consumer's client id
 * @param msgId offset message id of the message
 * @param brokerName broker that stores it
 * @param topic topic, or null
 * @param topicSysFlag unit flags, or null
 * @param groupSysFlag unit flags, or null
 */
public record ConsumeMessageDirectlyRequestHeader(String consumerGroup, String clientId, String msgId,
                                                  String brokerName, String topic, Integer topicSysFlag,
                                                  Integer groupSysFlag)
        implements CommandHeader {

    public ConsumeMessageDirectlyRequestHeader {
        Objects.requireNonNull(consumerGroup, "consumerGroup");
    }

    public static ConsumeMessageDirectlyRequestHeader fromExtFields(Map<String, String> extFields) {
        return read(HeaderFields.forRequest(RequestCode.CONSUME_MESSAGE_DIRECTLY, extFields));
    }

    public static ConsumeMessageDirectlyRequestHeader from(RemotingCommand request) {
        return read(HeaderFields.forRequest(request.code(), request.extFields()));
    }

    private static ConsumeMessageDirectlyRequestHeader read(HeaderFields fields) {
        return new ConsumeMessageDirectlyRequestHeader(
                fields.requiredString("consumerGroup"),
                fields.optionalString("clientId"),
                fields.optionalString("msgId"),
                fields.optionalString("brokerName"),
                fields.optionalString("topic"),
                fields.optionalInt("topicSysFlag"),
                fields.optionalInt("groupSysFlag"));
    }

    @Override
    public Map<String, String> toExtFields() {
        return ExtFieldsWriter.create()
                .put("consumerGroup", consumerGroup)
                .put("clientId", clientId)
                .put("msgId", msgId)
                .put("brokerName", brokerName)
                .put("topic", topic)
                .put("topicSysFlag", topicSysFlag)
                .put("groupSysFlag", groupSysFlag)
                .toMap();
    }
}
