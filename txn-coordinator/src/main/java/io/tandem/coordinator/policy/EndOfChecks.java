package io.tandem.coordinator.policy;

/** What the coordinator does with a half whose checks ran out without a decision. */
public enum EndOfChecks {
    /** Roll the half back (source POLICY): the message is never delivered. */
    ROLLBACK,
    /** Commit the half (source POLICY): the message is delivered. */
    COMMIT,
    /**
     * Leave the half undecided and stop checking it; it raises an alert and waits for an operator to resume or
     * force it.
     */
    PARK
}
