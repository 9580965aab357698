package io.tandem.protocol.body;

import io.tandem.protocol.ProtocolException;
import io.tandem.protocol.RemotingJson;
import io.tandem.protocol.route.BrokerData;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Body of a GET_BROKER_CLUSTER_INFO (106) answer: every broker the name server knows and the clusters they form.
 * Name servers write the broker ids unquoted for old clients (fact sheet 6.1); {@link #fromJson} reads both forms.
 *
 * @param brokerAddrTable  broker name to its addresses
 * @param clusterAddrTable cluster name to the names of its brokers
 */
public record ClusterInfo(Map<String, BrokerData> brokerAddrTable, Map<String, List<String>> clusterAddrTable) {

    public ClusterInfo {
        brokerAddrTable = brokerAddrTable == null
                ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(brokerAddrTable));
        clusterAddrTable = clusterAddrTable == null
                ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(clusterAddrTable));
    }

    public byte[] toJson() {
        return RemotingJson.encode(this);
    }

    /**
     * @throws ProtocolException if the bytes are not cluster information JSON
     */
    public static ClusterInfo fromJson(byte[] json) {
        return RemotingJson.decode(json, ClusterInfo.class);
    }
}
