package io.tandem.coordinator.api;

/**
 * Body of an operator action.
 *
 * @param operator who asks; ignored when the request is authenticated (the principal's name is used)
 * @param reason   why; required to force a decision
 */
public record OperatorRequest(String operator, String reason) {
}
