package io.tandem.console.coordinator;

/**
 * The coordinator's answer to an operator action.
 *
 * @param outcome DONE, NOT_FOUND, ALREADY_DECIDED, NOT_PARKED, BROKER_FAILED or INVALID
 * @param message what happened, for a person
 * @param half    the half after the action, or null
 */
public record OperatorOutcome(String outcome, String message, HalfSummary half) {

    public boolean done() {
        return "DONE".equals(outcome);
    }
}
