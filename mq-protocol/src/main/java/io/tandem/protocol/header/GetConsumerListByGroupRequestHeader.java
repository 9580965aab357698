package io.tandem.protocol.header;

import io.tandem.protocol.RemotingCommand;
import io.tandem.protocol.RequestCode;

import java.util.Map;
import java.util.Objects;

/**
 * GET_CONSUMER_LIST_BY_GROUP (38) request header (fact sheet 2.7).
 *
 * @param consumerGroup consumer group
 */
public record GetConsumerListByGroupRequestHeader(String consumerGroup) implements CommandHeader {

    public GetConsumerListByGroupRequestHeader {
        Objects.requireNonNull(consumerGroup, "consumerGroup");
    }

    public static GetConsumerListByGroupRequestHeader fromExtFields(Map<String, String> extFields) {
        return read(HeaderFields.forRequest(RequestCode.GET_CONSUMER_LIST_BY_GROUP, extFields));
    }

    public static GetConsumerListByGroupRequestHeader from(RemotingCommand request) {
        return read(HeaderFields.forRequest(request.code(), request.extFields()));
    }

    private static GetConsumerListByGroupRequestHeader read(HeaderFields fields) {
        return new GetConsumerListByGroupRequestHeader(fields.requiredString("consumerGroup"));
    }

    @Override
    public Map<String, String> toExtFields() {
        return ExtFieldsWriter.create()
                .put("consumerGroup", consumerGroup)
                .toMap();
    }
}
