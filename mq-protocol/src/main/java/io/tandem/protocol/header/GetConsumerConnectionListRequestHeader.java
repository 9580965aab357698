package io.tandem.protocol.header;

import io.tandem.protocol.RemotingCommand;
import io.tandem.protocol.RequestCode;

import java.util.Map;
import java.util.Objects;

/**
 * GET_CONSUMER_CONNECTION_LIST (203) request header: the live members of a consumer group.
 *
 * @param consumerGroup consumer group
 */
public record GetConsumerConnectionListRequestHeader(String consumerGroup) implements CommandHeader {

    public GetConsumerConnectionListRequestHeader {
        Objects.requireNonNull(consumerGroup, "consumerGroup");
    }

    public static GetConsumerConnectionListRequestHeader fromExtFields(Map<String, String> extFields) {
        return read(HeaderFields.forRequest(RequestCode.GET_CONSUMER_CONNECTION_LIST, extFields));
    }

    public static GetConsumerConnectionListRequestHeader from(RemotingCommand request) {
        return read(HeaderFields.forRequest(request.code(), request.extFields()));
    }

    private static GetConsumerConnectionListRequestHeader read(HeaderFields fields) {
        return new GetConsumerConnectionListRequestHeader(
                fields.requiredString("consumerGroup"));
    }

    @Override
    public Map<String, String> toExtFields() {
        return ExtFieldsWriter.create()
                .put("consumerGroup", consumerGroup)
                .toMap();
    }
}
