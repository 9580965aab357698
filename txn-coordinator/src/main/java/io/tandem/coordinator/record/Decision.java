package io.tandem.coordinator.record;

/** A half's final outcome, as the broker's TANDEM_RESOLVE_HALF and TANDEM_HALF_DECISIONS spell it. */
public enum Decision {
    COMMIT,
    ROLLBACK
}
