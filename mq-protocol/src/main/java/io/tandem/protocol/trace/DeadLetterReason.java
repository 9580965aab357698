package io.tandem.protocol.trace;

/**
 * Why a message is in a group's dead-letter queue, as far as the broker can tell from the stored copy: whether its
 * delivery count reached the maximum configured for the group.
 */
public enum DeadLetterReason {
    /** It was delivered the group's maximum number of times and failed again. */
    REACHED_GROUP_MAXIMUM,
    /**
     * It went there earlier: the consumer's own lower maximum, an explicit request (delay level -1), or an orderly
     * consumer of the group holding queue locks.
     */
    BEFORE_GROUP_MAXIMUM
}
