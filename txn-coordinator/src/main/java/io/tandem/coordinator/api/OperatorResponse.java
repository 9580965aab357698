package io.tandem.coordinator.api;

/**
 * Answer to an operator action.
 *
 * @param outcome DONE, NOT_FOUND, ALREADY_DECIDED, NOT_PARKED, BROKER_FAILED or INVALID
 * @param message what happened, for a person
 * @param half    the half after the action, or null when unknown
 */
public record OperatorResponse(String outcome, String message, HalfView half) {
}
