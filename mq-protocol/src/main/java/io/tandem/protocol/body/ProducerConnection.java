package io.tandem.protocol.body;

import io.tandem.protocol.ProtocolException;
import io.tandem.protocol.RemotingJson;
import tools.jackson.databind.annotation.JsonDeserialize;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Body of a GET_PRODUCER_CONNECTION_LIST (204) answer: the live connections of a producer group.
 *
 * @param connectionSet one entry per producer client instance of the group
 */
public record ProducerConnection(@JsonDeserialize(as = LinkedHashSet.class) Set<Connection> connectionSet) {

    public ProducerConnection {
        connectionSet = connectionSet == null
                ? Set.of() : Collections.unmodifiableSet(new LinkedHashSet<>(connectionSet));
    }

    public byte[] toJson() {
        return RemotingJson.encode(this);
    }

    /**
     * @throws ProtocolException if the bytes are not producer connection JSON
     */
    public static ProducerConnection fromJson(byte[] json) {
        return RemotingJson.decode(json, ProducerConnection.class);
    }
}
