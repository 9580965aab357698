package io.tandem.protocol.body;

import io.tandem.protocol.ProtocolException;
import io.tandem.protocol.RemotingJson;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Body of a GET_ALL_SUBSCRIPTIONGROUP_CONFIG (201) answer: every consumer group a broker knows, by name. The
 * reference also sends a {@code dataVersion}, which readers ignore.
 *
 * @param subscriptionGroupTable group name to configuration
 */
public record SubscriptionGroupWrapper(Map<String, SubscriptionGroupConfig> subscriptionGroupTable) {

    public SubscriptionGroupWrapper {
        subscriptionGroupTable = subscriptionGroupTable == null
                ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(subscriptionGroupTable));
    }

    public byte[] toJson() {
        return RemotingJson.encode(this);
    }

    /**
     * @throws ProtocolException if the bytes are not group configuration JSON
     */
    public static SubscriptionGroupWrapper fromJson(byte[] json) {
        return RemotingJson.decode(json, SubscriptionGroupWrapper.class);
    }
}
