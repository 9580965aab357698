package io.tandem.protocol.body;

import io.tandem.protocol.ProtocolException;
import io.tandem.protocol.RemotingJson;
import tools.jackson.databind.annotation.JsonDeserialize;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Body of LOCK_BATCH_MQ (41) (fact sheet 6.5): an orderly consumer asks to hold these queues. Note the lower-case
 * {@code clientId} here, unlike the heartbeat.
 *
 * @param consumerGroup  consumer group
 * @param clientId       the asking client
 * @param onlyThisBroker whether all queues belong to the receiving broker
 * @param mqSet          queues wanted
 */
public record LockBatchRequestBody(String consumerGroup, String clientId, boolean onlyThisBroker,
                                   @JsonDeserialize(as = LinkedHashSet.class) Set<MessageQueue> mqSet) {

    public LockBatchRequestBody {
        mqSet = mqSet == null ? Set.of() : Collections.unmodifiableSet(new LinkedHashSet<>(mqSet));
    }

    public byte[] toJson() {
        return RemotingJson.encode(this);
    }

    /**
     * @throws ProtocolException if the bytes are not lock request JSON
     */
    public static LockBatchRequestBody fromJson(byte[] json) {
        return RemotingJson.decode(json, LockBatchRequestBody.class);
    }
}
