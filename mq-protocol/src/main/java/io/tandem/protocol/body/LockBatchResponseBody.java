package io.tandem.protocol.body;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.tandem.protocol.ProtocolException;
import io.tandem.protocol.RemotingJson;
import tools.jackson.databind.annotation.JsonDeserialize;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Body of a LOCK_BATCH_MQ answer (fact sheet 6.5): the requested queues this client now holds.
 *
 * @param lockOKMQSet queues locked by (or already held by) the requesting client
 */
public record LockBatchResponseBody(
        @JsonProperty("lockOKMQSet") @JsonDeserialize(as = LinkedHashSet.class) Set<MessageQueue> lockOKMQSet) {

    public LockBatchResponseBody {
        lockOKMQSet = lockOKMQSet == null ? Set.of() : Collections.unmodifiableSet(new LinkedHashSet<>(lockOKMQSet));
    }

    public byte[] toJson() {
        return RemotingJson.encode(this);
    }

    /**
     * @throws ProtocolException if the bytes are not lock response JSON
     */
    public static LockBatchResponseBody fromJson(byte[] json) {
        return RemotingJson.decode(json, LockBatchResponseBody.class);
    }
}
