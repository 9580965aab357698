package io.tandem.protocol.body;

import io.tandem.protocol.ProtocolException;
import io.tandem.protocol.RemotingJson;

/**
 * Body of a GET_BROKER_MEMBER_GROUP (901) answer.
 *
 * @param brokerMemberGroup the group's live members
 */
public record GetBrokerMemberGroupResponseBody(BrokerMemberGroup brokerMemberGroup) {

    public byte[] toJson() {
        return RemotingJson.encode(this);
    }

    /**
     * @throws ProtocolException if the bytes are not a member-group answer
     */
    public static GetBrokerMemberGroupResponseBody fromJson(byte[] json) {
        return RemotingJson.decode(json, GetBrokerMemberGroupResponseBody.class);
    }
}
