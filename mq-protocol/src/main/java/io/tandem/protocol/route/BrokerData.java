package io.tandem.protocol.route;

import tools.jackson.databind.annotation.JsonSerialize;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One broker (a master and its slaves) in route data (fact sheet 6.1).
 *
 * @param cluster            cluster name
 * @param brokerName         broker name
 * @param brokerAddrs        broker id to {@code ip:port}; id 0 is the master and must be present for producers to
 *                           publish. Written with bare keys in the legacy JSON dialect. Sorted by id, unmodifiable.
 * @param zoneName           zone, or null
 * @param enableActingMaster acting-master mode (false)
 */
public record BrokerData(String cluster, String brokerName,
                         @JsonSerialize(using = NumericKeyMapSerializer.class) Map<Long, String> brokerAddrs,
                         String zoneName, boolean enableActingMaster) {

    /** Broker id of a master. */
    public static final long MASTER_ID = 0L;

    public BrokerData {
        Objects.requireNonNull(brokerName, "brokerName");
        brokerAddrs = brokerAddrs == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(brokerAddrs));
    }

    /** The master's {@code ip:port}, or null when the broker has none. */
    public String masterAddress() {
        return brokerAddrs.get(MASTER_ID);
    }
}
