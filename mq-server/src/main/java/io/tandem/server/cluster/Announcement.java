package io.tandem.server.cluster;

import io.tandem.protocol.body.DataVersion;
import io.tandem.protocol.body.TopicConfig;
import io.tandem.server.message.BrokerIdentity;

import java.util.Map;

/**
 * What this broker tells name servers about itself at one moment: who and where it is, its place in its group, and
 * its whole topic table.
 *
 * @param identity    cluster, broker (group) name and advertised address
 * @param brokerId    the id routes list it under (0: it leads its group)
 * @param haAddress   its replication endpoint (its broker address until groups replicate)
 * @param maxOffset   end position of its commit log
 * @param dataVersion version of {@code topics}
 * @param topics      every topic it holds, by name
 */
public record Announcement(BrokerIdentity identity, long brokerId, String haAddress, long maxOffset,
                           DataVersion dataVersion, Map<String, TopicConfig> topics) {

    public Announcement {
        topics = Map.copyOf(topics);
    }
}
