package io.tandem.server.replication;

/**
 * A synchronously replicated send that did not reach enough in-sync replicas (they left the set or did not answer
 * in time). The message is in the leader's log and may still be delivered; the sender was not told it is kept.
 */
public final class NotReplicatedException extends RuntimeException {

    public NotReplicatedException(String message) {
        super(message, null, false, false);
    }
}
