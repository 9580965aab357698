package io.tandem.server.replication;

import java.util.concurrent.CompletableFuture;

/**
 * What the send path asks before and after appending a client's message: whether this broker takes sends at all
 * now, and when what it appended is replicated enough to be acknowledged. Thread-safe.
 */
public interface ReplicationGate {

    /** A broker alone in its group, or replicating asynchronously: everything appended may be acknowledged. */
    ReplicationGate NONE = new ReplicationGate() {
        @Override
        public String refusal() {
            return null;
        }

        @Override
        public CompletableFuture<Void> replicated(long end) {
            return CompletableFuture.completedFuture(null);
        }
    };

    /** Why a send must be refused before anything is appended (a replica; too few members in sync), or null. */
    String refusal();

    /**
     * Completes once the log up to {@code end} may be acknowledged; fails with {@link NotReplicatedException} when
     * it cannot be in time.
     */
    CompletableFuture<Void> replicated(long end);
}
