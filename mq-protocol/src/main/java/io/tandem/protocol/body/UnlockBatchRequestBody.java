package io.tandem.protocol.body;

import io.tandem.protocol.ProtocolException;
import io.tandem.protocol.RemotingJson;
import tools.jackson.databind.annotation.JsonDeserialize;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Body of UNLOCK_BATCH_MQ (42) (fact sheet 6.5); same shape as {@link LockBatchRequestBody}.
 *
 * @param consumerGroup  consumer group
 * @param clientId       the releasing client
 * @param onlyThisBroker whether all queues belong to the receiving broker
 * @param mqSet          queues released
 */
public record UnlockBatchRequestBody(String consumerGroup, String clientId, boolean onlyThisBroker,
                                     @JsonDeserialize(as = LinkedHashSet.class) Set<MessageQueue> mqSet) {

    public UnlockBatchRequestBody {
        mqSet = mqSet == null ? Set.of() : Collections.unmodifiableSet(new LinkedHashSet<>(mqSet));
    }

    public byte[] toJson() {
        return RemotingJson.encode(this);
    }

    /**
     * @throws ProtocolException if the bytes are not unlock request JSON
     */
    public static UnlockBatchRequestBody fromJson(byte[] json) {
        return RemotingJson.decode(json, UnlockBatchRequestBody.class);
    }
}
