package io.tandem.protocol.header;

import io.tandem.protocol.RemotingCommand;
import io.tandem.protocol.RequestCode;

import java.util.Map;
import java.util.Objects;

/**
 * GET_CONSUMER_RUNNING_INFO (307) header, admin to broker and broker to consumer: one consumer's own view of its
 * queues, subscriptions and rates.
 *
 * @param consumerGroup consumer group
 * @param clientId the consumer's client id
 * @param jstackEnable whether the consumer should add its thread dump, or null (false)
 */
public record GetConsumerRunningInfoRequestHeader(String consumerGroup, String clientId, Boolean jstackEnable)
        implements CommandHeader {

    public GetConsumerRunningInfoRequestHeader {
        Objects.requireNonNull(consumerGroup, "consumerGroup");
        Objects.requireNonNull(clientId, "clientId");
    }

    public static GetConsumerRunningInfoRequestHeader fromExtFields(Map<String, String> extFields) {
        return read(HeaderFields.forRequest(RequestCode.GET_CONSUMER_RUNNING_INFO, extFields));
    }

    public static GetConsumerRunningInfoRequestHeader from(RemotingCommand request) {
        return read(HeaderFields.forRequest(request.code(), request.extFields()));
    }

    private static GetConsumerRunningInfoRequestHeader read(HeaderFields fields) {
        return new GetConsumerRunningInfoRequestHeader(
                fields.requiredString("consumerGroup"),
                fields.requiredString("clientId"),
                fields.optionalBoolean("jstackEnable"));
    }

    @Override
    public Map<String, String> toExtFields() {
        return ExtFieldsWriter.create()
                .put("consumerGroup", consumerGroup)
                .put("clientId", clientId)
                .put("jstackEnable", jstackEnable)
                .toMap();
    }
}
