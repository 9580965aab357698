package io.tandem.console.coordinator;

import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * A filter for listing halves; blank fields do not filter.
 *
 * @param state         UNDECIDED, PENDING, PARKED, COMMITTED, ROLLED_BACK or ALL
 * @param producerGroup only this producer group
 * @param topic         only this topic
 * @param transactionId only the half of this message (its UNIQ_KEY)
 * @param limit         at most this many
 */
public record HalfFilter(String state, String producerGroup, String topic, String transactionId, int limit) {

    private static final Set<String> STATES = Set.of("UNDECIDED", "PENDING", "PARKED",
            "COMMITTED", "ROLLED_BACK", "ALL");

    /** @throws IllegalArgumentException if the state is not one of the coordinator's */
    public HalfFilter {
        state = state == null || state.isBlank() ? "UNDECIDED" : state.strip().toUpperCase(Locale.ROOT);
        if (!STATES.contains(state)) {
            throw new IllegalArgumentException("state must be one of " + new TreeSet<>(STATES) + ", was "
                    + state);
        }
        if (limit < 1 || limit > 10_000) {
            throw new IllegalArgumentException("limit must be in [1, 10000], was " + limit);
        }
    }

    /** The undecided halves, up to {@code limit}. */
    public static HalfFilter undecided(int limit) {
        return new HalfFilter("UNDECIDED", null, null, null, limit);
    }

    /** Every half of one message. */
    public static HalfFilter ofTransaction(String transactionId) {
        return new HalfFilter("ALL", null, null, transactionId, 10);
    }
}
