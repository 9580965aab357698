package io.tandem.server.replication;

import java.util.concurrent.CompletableFuture;

/**
 * What a member of a controlled broker group asks before it takes a send and again before it acknowledges one:
 * whether its role still allows it (a leader's lease renewed recently enough, no newer epoch heard of). A broker with
 * a static role has {@link #NONE}. Implementations are thread-safe and answer quickly.
 */
@FunctionalInterface
public interface ReplicationFence {

    /** Never fenced. */
    ReplicationFence NONE = () -> null;

    /** Why this broker must not take or acknowledge sends now (naming the leader to use, if known), or null. */
    String fenced();

    /**
     * {@code gate} with this fence in front: sends are refused while fenced, and a send replicated enough is
     * acknowledged only if the broker is still not fenced then.
     */
    default ReplicationGate guard(ReplicationGate gate) {
        ReplicationFence fence = this;
        return new ReplicationGate() {
            @Override
            public String refusal() {
                String fenced = fence.fenced();
                return fenced != null ? fenced : gate.refusal();
            }

            @Override
            public CompletableFuture<Void> replicated(long end) {
                return gate.replicated(end).thenApply(ignored -> {
                    String fenced = fence.fenced();
                    if (fenced != null) {
                        throw new NotReplicatedException("stored on this broker but not acknowledged: " + fenced);
                    }
                    return null;
                });
            }
        };
    }
}
