package io.tandem.coordinator.record;

import io.tandem.protocol.txn.Decision;

/** The outcome of one check attempt on one channel. */
public enum CheckAnswer {
    /** The producer committed. */
    COMMIT,
    /** The producer rolled back. */
    ROLLBACK,
    /** The producer does not know yet; checked again later. */
    UNKNOWN,
    /**
     * Sent through the broker; the producer answers the broker, so the outcome is learnt later: COMMIT or ROLLBACK
     * from the broker's decisions, UNKNOWN from its last answer, or NO_ANSWER.
     */
    AWAITING,
    /** Sent through the broker, but nothing came back before the next check. */
    NO_ANSWER,
    /** No producer of the group is connected to the broker. */
    NO_PRODUCER,
    /** The group has a discovery service id but discovery knows no instance of it. */
    NO_ENDPOINT,
    /** The channel failed: an error answer, a timeout, an unreadable answer, an unreachable broker. */
    FAILED,
    /** Not attempted: the group's circuit breaker is open. Does not count as a check. */
    REJECTED;

    /** The decision this answer carries, or null. */
    public Decision decision() {
        return switch (this) {
            case COMMIT -> Decision.COMMIT;
            case ROLLBACK -> Decision.ROLLBACK;
            default -> null;
        };
    }
}
