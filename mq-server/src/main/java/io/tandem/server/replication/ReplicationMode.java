package io.tandem.server.replication;

/** When a broker group's leader acknowledges a send. */
public enum ReplicationMode {
    /** Once the leader and enough in-sync replicas ({@code minInSync} members in all) hold it. */
    SYNC,
    /** Once the leader holds it; replicas copy it afterwards. */
    ASYNC
}
