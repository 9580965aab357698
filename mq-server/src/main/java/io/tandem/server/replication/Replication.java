package io.tandem.server.replication;

import java.util.List;

/**
 * A running broker's replication as monitoring and tests see it: the leader's listener and in-sync set, or the
 * replica's connection to its leader. Thread-safe.
 */
public final class Replication {

    private final ReplicationConfig config;
    private final ReplicationServer server;
    private final InSyncReplicas inSync;
    private final ReplicaClient client;

    public Replication(ReplicationConfig config, ReplicationServer server, InSyncReplicas inSync,
                       ReplicaClient client) {
        this.config = config;
        this.server = server;
        this.inSync = inSync;
        this.client = client;
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
