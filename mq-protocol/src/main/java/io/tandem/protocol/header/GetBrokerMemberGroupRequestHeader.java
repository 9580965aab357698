package io.tandem.protocol.header;

import io.tandem.protocol.RemotingCommand;
import io.tandem.protocol.RequestCode;

import java.util.Map;
import java.util.Objects;

/**
 * GET_BROKER_MEMBER_GROUP (901) request header.
 *
 * @param clusterName cluster of the group
 * @param brokerName  the broker group whose members are wanted
 */
public record GetBrokerMemberGroupRequestHeader(String clusterName, String brokerName) implements CommandHeader {

    public GetBrokerMemberGroupRequestHeader {
        Objects.requireNonNull(clusterName, "clusterName");
        Objects.requireNonNull(brokerName, "brokerName");
    }

    public static GetBrokerMemberGroupRequestHeader fromExtFields(Map<String, String> extFields) {
        return read(HeaderFields.forRequest(RequestCode.GET_BROKER_MEMBER_GROUP, extFields));
    }

    public static GetBrokerMemberGroupRequestHeader from(RemotingCommand request) {
        return read(HeaderFields.forRequest(request.code(), request.extFields()));
    }

    private static GetBrokerMemberGroupRequestHeader read(HeaderFields fields) {
        return new GetBrokerMemberGroupRequestHeader(fields.requiredString("clusterName"),
                fields.requiredString("brokerName"));
    }

    @Override
    public Map<String, String> toExtFields() {
        return ExtFieldsWriter.create().put("clusterName", clusterName).put("brokerName", brokerName).toMap();
    }
}
