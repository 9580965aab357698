package io.tandem.protocol.header;

import io.tandem.protocol.RemotingCommand;
import io.tandem.protocol.RequestCode;

import java.util.Map;
import java.util.Objects;

/**
 * GET_SUBSCRIPTIONGROUP_CONFIG (352) request header: one consumer group's configuration on a broker.
 *
 * @param group consumer group
 */
public record GetSubscriptionGroupConfigRequestHeader(String group) implements CommandHeader {

    public GetSubscriptionGroupConfigRequestHeader {
        Objects.requireNonNull(group, "group");
    }

    public static GetSubscriptionGroupConfigRequestHeader fromExtFields(Map<String, String> extFields) {
        return read(HeaderFields.forRequest(RequestCode.GET_SUBSCRIPTIONGROUP_CONFIG, extFields));
    }

    public static GetSubscriptionGroupConfigRequestHeader from(RemotingCommand request) {
        return read(HeaderFields.forRequest(request.code(), request.extFields()));
    }

    private static GetSubscriptionGroupConfigRequestHeader read(HeaderFields fields) {
        return new GetSubscriptionGroupConfigRequestHeader(
                fields.requiredString("group"));
    }

    @Override
    public Map<String, String> toExtFields() {
        return ExtFieldsWriter.create()
                .put("group", group)
                .toMap();
    }
}
