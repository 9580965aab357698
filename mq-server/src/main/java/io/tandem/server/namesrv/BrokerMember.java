package io.tandem.server.namesrv;

import io.tandem.protocol.body.DataVersion;

import java.time.Duration;

/**
 * A live member of a broker group as the registry keeps it. Immutable; every registration replaces it.
 *
 * @param address      {@code host:port}, its identity
 * @param haAddress    replication endpoint
 * @param brokerId     the id routes list it under (0 = leader)
 * @param memberId     its stable id within the group
 * @param epoch        leader epoch it last reported, or null
 * @param maxOffset    end of its commit log when it last registered, or null
 * @param timeout      how long it may stay silent
 * @param lastHeardMs  when it last registered, by the registry's clock
 * @param pinned       never expires (in-process broker)
 * @param dataVersion  version of the topic table it last sent
 */
public record BrokerMember(String address, String haAddress, long brokerId, long memberId, Long epoch,
                           Long maxOffset, Duration timeout, long lastHeardMs, boolean pinned,
                           DataVersion dataVersion) {

    /** Whether it has been silent longer than its timeout at {@code nowMs}. */
    public boolean expiredAt(long nowMs) {
        return !pinned && nowMs - lastHeardMs > timeout.toMillis();
    }

    boolean outranks(Long otherEpoch) {
        return epoch != null && otherEpoch != null && epoch > otherEpoch;
    }
}
