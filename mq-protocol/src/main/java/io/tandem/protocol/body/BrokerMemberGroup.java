package io.tandem.protocol.body;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The live members of one broker group, as GET_BROKER_MEMBER_GROUP (901) answers inside
 * {@link GetBrokerMemberGroupResponseBody}.
 *
 * @param cluster     cluster of the group
 * @param brokerName  the group
 * @param brokerAddrs broker id (0 = leader) to {@code host:port}, sorted by id
 */
public record BrokerMemberGroup(String cluster, String brokerName, Map<Long, String> brokerAddrs) {

    public BrokerMemberGroup {
        Objects.requireNonNull(brokerName, "brokerName");
        brokerAddrs = brokerAddrs == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(brokerAddrs));
    }
}
