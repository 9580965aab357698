package io.tandem.client.consumer;

import io.tandem.protocol.body.ConsumeFromWhere;

/**
 * Where a consumer group starts reading a queue for which it has no committed offset yet. A group that committed an
 * offset always resumes there.
 *
 * <p>The broker is asked first, as the reference client does: while a queue holds messages and still starts at offset
 * 0 (nothing of it deleted yet), the broker answers 0 for a group without an offset, so a new group reads that queue
 * from its beginning whatever is chosen here. The setting applies to queues without that answer.
 */
public enum ConsumeFrom {
    /** At the end: only messages stored from now on (on a queue the broker gave no offset for). */
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
