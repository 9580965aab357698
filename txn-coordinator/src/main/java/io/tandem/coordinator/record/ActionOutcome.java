package io.tandem.coordinator.record;

/** How an {@link ActionRecord} ended. */
public enum ActionOutcome {
    /** Written before the request; stays so if the coordinator died before the answer. */
    REQUESTED,
    /** The broker stored this decision. */
    DECIDED,
    /** The broker already had a decision for the half (the first one wins). */
    ALREADY_DECIDED,
    /** Park or resume done. */
    DONE,
    /** The request failed; {@code detail} says why. */
    FAILED
}
