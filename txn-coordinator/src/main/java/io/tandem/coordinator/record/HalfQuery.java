package io.tandem.coordinator.record;

import java.util.Set;

/**
 * A filter over the record's halves.
 *
 * @param states        the states to list (never empty)
 * @param producerGroup only this group, or null
 * @param topic         only this topic, or null
 * @param transactionId only the half with this UNIQ_KEY, or null
 * @param limit         at most this many, oldest first
 */
public record HalfQuery(Set<HalfState> states, String producerGroup, String topic, String transactionId, int limit) {

    public HalfQuery {
        states = Set.copyOf(states);
        if (states.isEmpty()) {
            throw new IllegalArgumentException("a half query names at least one state");
        }
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive, was " + limit);
        }
    }

    /** A query without a transaction id. */
    public HalfQuery(Set<HalfState> states, String producerGroup, String topic, int limit) {
        this(states, producerGroup, topic, null, limit);
    }
}
