package io.tandem.coordinator.broker;

/** What a broker did with a TANDEM_RESOLVE_HALF. */
public enum ResolveOutcome {
    /** It stored this decision, durably. */
    DECIDED,
    /** The half already had a decision; this one was ignored. */
    ALREADY_DECIDED
}
