package io.tandem.protocol.txn;

/**
 * What happens to a half whose check-backs ran out without a decision; the same policy whether the broker's own
 * check-back duty or a coordinator applies it. A configuration value of both (bound by name), not sent on the wire.
 */
public enum EndOfChecks {
    /** Roll the half back (source {@link DecisionSource#POLICY}): the message is never delivered. */
    ROLLBACK,
    /** Commit the half (source {@link DecisionSource#POLICY}): the message is delivered. */
    COMMIT,
    /**
     * Leave the half undecided and stop checking it; it stays visible as parked (and raises an alert) until an
     * operator resumes or decides it.
     */
    PARK;

    /** The decision this action makes, or null for {@link #PARK}. */
    public Decision decision() {
        switch (this) {
            case COMMIT:
                return Decision.COMMIT;
            case ROLLBACK:
                return Decision.ROLLBACK;
            default:
                return null;
        }
    }
}
