package io.tandem.coordinator.record;

import io.tandem.protocol.txn.Decision;

/** Where a half stands in the coordinator's record. Only PENDING halves are checked. */
public enum HalfState {
    /** Undecided and checked when due. */
    PENDING,
    /** Undecided, no longer checked: its checks ran out under the PARK policy; waits for an operator. */
    PARKED,
    /** Committed on the broker (final). */
    COMMITTED,
    /** Rolled back on the broker (final). */
    ROLLED_BACK;

    public boolean isFinal() {
        return this == COMMITTED || this == ROLLED_BACK;
    }

    public static HalfState of(Decision decision) {
        return decision == Decision.COMMIT ? COMMITTED : ROLLED_BACK;
    }
}
