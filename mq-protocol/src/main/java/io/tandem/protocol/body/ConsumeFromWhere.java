package io.tandem.protocol.body;

/** Where a new consumer group starts (fact sheet 6.2); informational for the broker. */
public enum ConsumeFromWhere {
    CONSUME_FROM_LAST_OFFSET,
    /** Deprecated by the reference; still accepted. */
    CONSUME_FROM_LAST_OFFSET_AND_FROM_MIN_WHEN_BOOT_FIRST,
    /** Deprecated by the reference; still accepted. */
    CONSUME_FROM_MIN_OFFSET,
    /** Deprecated by the reference; still accepted. */
    CONSUME_FROM_MAX_OFFSET,
    CONSUME_FROM_FIRST_OFFSET,
    CONSUME_FROM_TIMESTAMP
}
