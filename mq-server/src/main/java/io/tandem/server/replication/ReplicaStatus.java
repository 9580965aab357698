package io.tandem.server.replication;

/**
 * One replica as its leader sees it.
 *
 * @param brokerId        the replica's broker id
 * @param address         its address as the leader sees the connection
 * @param ackedPosition   the end of its log it last acknowledged
 * @param lagBytes        how far that is behind the leader's replicable end
 * @param inSync          whether it counts towards {@code minInSync}
 */
public record ReplicaStatus(long brokerId, String address, long ackedPosition, long lagBytes, boolean inSync) {
}
