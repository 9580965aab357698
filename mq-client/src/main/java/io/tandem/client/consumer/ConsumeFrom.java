package io.tandem.client.consumer;

import io.tandem.protocol.body.ConsumeFromWhere;

/**
 * Where a consumer group starts reading a queue for which it has no committed offset yet. A group that committed an
 * offset always resumes there.
 */
public enum ConsumeFrom {
    /** At the end: only messages stored from now on. */
    LAST_OFFSET(ConsumeFromWhere.CONSUME_FROM_LAST_OFFSET),
    /** At the oldest message still stored. */
    FIRST_OFFSET(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET),
    /** At the first message stored at or after the configured timestamp. */
    TIMESTAMP(ConsumeFromWhere.CONSUME_FROM_TIMESTAMP);

    private final ConsumeFromWhere wire;

    ConsumeFrom(ConsumeFromWhere wire) {
        this.wire = wire;
    }

    /** The value announced in heartbeats. */
    ConsumeFromWhere wire() {
        return wire;
    }
}
