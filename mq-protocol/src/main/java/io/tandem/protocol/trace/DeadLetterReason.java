package io.tandem.protocol.trace;

/** Why the broker moved a message to a group's dead-letter queue. */
public enum DeadLetterReason {
    /** The message had been delivered the group's maximum number of times and failed again. */
    MAX_RECONSUME_TIMES_REACHED,
    /** It was sent there before reaching that limit: the consumer asked for it (delay level -1) or an orderly
     *  consumer of the group held queue locks. */
    SENT_DIRECTLY
}
