package io.tandem.server.replication;

import java.util.List;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * A running broker's replication as monitoring and tests see it: the leader's listener and in-sync set, or the
 * replica's connection to its leader. Thread-safe.
 */
public final class Replication {

    private final ReplicationConfig config;
    private final ReplicationServer server;
    private final InSyncReplicas inSync;
    private final ReplicaClient client;
    private final LongSupplier logEnd;

    /** @param logEnd this broker's replicable log end */
    public Replication(ReplicationConfig config, ReplicationServer server, InSyncReplicas inSync,
                       ReplicaClient client, LongSupplier logEnd) {
        this.config = config;
        this.server = server;
        this.inSync = inSync;
        this.client = client;
        this.logEnd = logEnd;
    }

    /** This broker's replicable log end: what it would lead with. */
    public long logEnd() {
        return logEnd.getAsLong();
    }

    /** On a leader: the furthest end acknowledged to a client as replicated (-1 before any, or without replicas). */
    public long acknowledgedEnd() {
        return inSync == null ? -1 : inSync.acknowledgedEnd();
    }

    /** On a leader: counts acknowledgements of these replicas only (see {@link InSyncReplicas#eligible}). */
    public void eligible(Set<Long> replicaIds) {
        if (inSync != null) {
            inSync.eligible(replicaIds);
        }
    }

    public ReplicationConfig config() {
        return config;
    }

    /** The leader's replication listener port, or -1 when this broker listens for no replica. */
    public int port() {
        return server == null ? -1 : server.port();
    }

    /** Connected replicas with their positions and lag (empty on a replica). */
    public List<ReplicaStatus> replicas() {
        return inSync == null ? List.of() : inSync.status();
    }

    /** Members in sync, the leader counted (1 for a broker without replicas). */
    public int inSyncCount() {
        return inSync == null ? 1 : inSync.inSyncCount();
    }

    /** On a replica: whether it is connected to its leader. */
    public boolean connectedToLeader() {
        return client != null && client.connected();
    }
}
