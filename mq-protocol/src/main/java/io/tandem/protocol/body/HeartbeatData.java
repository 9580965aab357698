package io.tandem.protocol.body;

import io.tandem.protocol.ProtocolException;
import io.tandem.protocol.RemotingJson;
import tools.jackson.databind.annotation.JsonDeserialize;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * Body of HEART_BEAT (34) (fact sheet 2.2, 6.2): the client's id and every producer and consumer group it runs.
 *
 * @param clientID             {@code clientIP@instanceName[@unitName][@STREAM]}
 * @param producerDataSet      producer groups (Java always lists {@code CLIENT_INNER_PRODUCER})
 * @param consumerDataSet      consumer groups
 * @param heartbeatFingerprint 0 for a V1 heartbeat
 * @param withoutSub           V2 heartbeat without subscriptions
 */
public record HeartbeatData(String clientID,
                            @JsonDeserialize(as = LinkedHashSet.class) Set<ProducerData> producerDataSet,
                            @JsonDeserialize(as = LinkedHashSet.class) Set<ConsumerData> consumerDataSet,
                            int heartbeatFingerprint, boolean withoutSub) {

    public HeartbeatData {
        Objects.requireNonNull(clientID, "clientID");
        producerDataSet = producerDataSet == null
                ? Set.of() : Collections.unmodifiableSet(new LinkedHashSet<>(producerDataSet));
        consumerDataSet = consumerDataSet == null
                ? Set.of() : Collections.unmodifiableSet(new LinkedHashSet<>(consumerDataSet));
    }

    /** UTF-8 JSON. */
    public byte[] toJson() {
        return RemotingJson.encode(this);
    }

    /**
     * @throws ProtocolException if the bytes are not heartbeat JSON or lack {@code clientID}
     */
    public static HeartbeatData fromJson(byte[] json) {
        return RemotingJson.decode(json, HeartbeatData.class);
    }
}
