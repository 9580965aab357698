package io.tandem.protocol.body;

import io.tandem.protocol.ProtocolException;
import io.tandem.protocol.RemotingJson;

import java.util.List;

/**
 * Body of a GET_CONSUMER_LIST_BY_GROUP answer (fact sheet 2.7, 6.3); the client sorts the ids itself.
 *
 * @param consumerIdList client ids of the group's live members
 */
public record ConsumerListBody(List<String> consumerIdList) {

    public ConsumerListBody {
        consumerIdList = consumerIdList == null ? List.of() : List.copyOf(consumerIdList);
    }

    public byte[] toJson() {
        return RemotingJson.encode(this);
    }

    /**
     * @throws ProtocolException if the bytes are not consumer list JSON
     */
    public static ConsumerListBody fromJson(byte[] json) {
        return RemotingJson.decode(json, ConsumerListBody.class);
    }
}
