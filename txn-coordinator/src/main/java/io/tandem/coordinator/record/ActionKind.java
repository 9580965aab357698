package io.tandem.coordinator.record;

/** What the coordinator asked a broker to do about a half. */
public enum ActionKind {
    /** TANDEM_RESOLVE_HALF with a decision and a source. */
    RESOLVE,
    /** TANDEM_PARK_HALF parked=true. */
    PARK,
    /** TANDEM_PARK_HALF parked=false. */
    RESUME
}
