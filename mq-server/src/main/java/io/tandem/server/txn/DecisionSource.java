package io.tandem.server.txn;

/** Who decided a half message. */
public enum DecisionSource {
    /** The producer, after its local transaction. */
    PRODUCER,
    /** The producer, answering a check-back. */
    CHECK,
    /** The end-of-checks policy. */
    POLICY,
    /** An operator, through the admin API. */
    OPERATOR
}
