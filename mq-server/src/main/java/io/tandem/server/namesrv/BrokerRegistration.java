package io.tandem.server.namesrv;

import io.tandem.protocol.body.DataVersion;
import io.tandem.protocol.body.TopicConfig;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * One member of a broker group announcing itself to a name server: who it is, where it is, what it holds. A
 * registration renews the member's lease; a member not heard from for its {@code heartbeatTimeout} expires.
 *
 * @param clusterName      cluster of the group
 * @param brokerName       the broker group
 * @param address          {@code host:port} clients reach the member at; the member's identity in the registry
 * @param haAddress        the member's replication endpoint
 * @param brokerId         the id routes list it under: 0 while it leads its group
 * @param memberId         its stable id within the group (a replica keeps it when promoted)
 * @param epoch            leader epoch it last saw, or null for a group without replication
 * @param maxOffset        end position of its commit log, or null
 * @param heartbeatTimeout how long it may stay silent, or null for the name server's setting
 * @param dataVersion      version of {@code topics}
 * @param topics           its topics by name; merged into the group's routes when it leads the group
 * @param wholeTable       {@code topics} is the member's whole table: topics it no longer lists leave its group's
 *                         routes (an in-process broker knows this of itself; a remote registration may list just
 *                         the topics that changed)
 * @param pinned           an in-process member that never expires (the broker of an embedded name server)
 */
public record BrokerRegistration(String clusterName, String brokerName, String address, String haAddress,
                                 long brokerId, long memberId, Long epoch, Long maxOffset, Duration heartbeatTimeout,
                                 DataVersion dataVersion, Map<String, TopicConfig> topics, boolean wholeTable,
                                 boolean pinned) {

    public BrokerRegistration {
        Objects.requireNonNull(clusterName, "clusterName");
        Objects.requireNonNull(brokerName, "brokerName");
        Objects.requireNonNull(address, "address");
        haAddress = haAddress == null ? address : haAddress;
        if (brokerId < 0) {
            throw new IllegalArgumentException("brokerId of " + address + " must not be negative, was " + brokerId);
        }
        if (heartbeatTimeout != null && !heartbeatTimeout.isPositive()) {
            throw new IllegalArgumentException("heartbeatTimeout of " + address + " must be positive, was "
                    + heartbeatTimeout);
        }
        dataVersion = dataVersion == null ? DataVersion.INITIAL : dataVersion;
        topics = topics == null ? Map.of() : Map.copyOf(topics);
    }
}
