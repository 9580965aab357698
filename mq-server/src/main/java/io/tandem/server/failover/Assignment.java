package io.tandem.server.failover;

import java.util.Objects;
import java.util.Set;

/**
 * A broker group's leadership as the controller last answered it. Immutable.
 *
 * @param leaderId                 the leader's member id
 * @param leaderBrokerAddress      {@code host:port} clients send to
 * @param leaderReplicationAddress {@code host:port} of the leader's replication listener
 * @param epoch                    the leader's epoch
 * @param inSync                   members in sync as the controller accepted them (the leader included)
 */
public record Assignment(long leaderId, String leaderBrokerAddress, String leaderReplicationAddress, long epoch,
                         Set<Long> inSync) {

    public Assignment {
        Objects.requireNonNull(leaderBrokerAddress, "leaderBrokerAddress");
        Objects.requireNonNull(leaderReplicationAddress, "leaderReplicationAddress");
        inSync = Set.copyOf(inSync);
    }

    /** Whether the same leader at the same epoch and addresses (the in-sync set aside). */
    boolean sameLeadership(Assignment other) {
        return other != null && leaderId == other.leaderId && epoch == other.epoch
                && leaderBrokerAddress.equals(other.leaderBrokerAddress)
                && leaderReplicationAddress.equals(other.leaderReplicationAddress);
    }
}
