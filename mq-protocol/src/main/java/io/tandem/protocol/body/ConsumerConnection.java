package io.tandem.protocol.body;

import io.tandem.protocol.ProtocolException;
import io.tandem.protocol.RemotingJson;
import tools.jackson.databind.annotation.JsonDeserialize;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Body of a GET_CONSUMER_CONNECTION_LIST (203) answer: a consumer group's live members and what they subscribe.
 *
 * @param connectionSet     the members' connections
 * @param subscriptionTable topic to the group's subscription of it
 * @param consumeType       push or pull, or null
 * @param messageModel      clustering or broadcasting, or null
 * @param consumeFromWhere  where the group starts, or null
 */
public record ConsumerConnection(@JsonDeserialize(as = LinkedHashSet.class) Set<Connection> connectionSet,
                                 Map<String, SubscriptionData> subscriptionTable, ConsumeType consumeType,
                                 MessageModel messageModel, ConsumeFromWhere consumeFromWhere) {

    public ConsumerConnection {
        connectionSet = connectionSet == null
                ? Set.of() : Collections.unmodifiableSet(new LinkedHashSet<>(connectionSet));
        subscriptionTable = subscriptionTable == null
                ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(subscriptionTable));
    }

    public byte[] toJson() {
        return RemotingJson.encode(this);
    }

    /**
     * @throws ProtocolException if the bytes are not consumer connection JSON
     */
    public static ConsumerConnection fromJson(byte[] json) {
        return RemotingJson.decode(json, ConsumerConnection.class);
    }
}
