package io.tandem.coordinator.record;

/** Who decided a half, as the broker records it. */
public enum DecisionSource {
    /** The producer's own END_TRANSACTION after its local transaction. */
    PRODUCER,
    /** A producer's answer to a check, through the broker or the HTTP check endpoint. */
    CHECK,
    /** The end-of-checks policy. */
    POLICY,
    /** An operator, through the coordinator's HTTP API. */
    OPERATOR
}
