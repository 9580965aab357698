package io.tandem.coordinator.api;

/**
 * Body of an operator action.
 *
 * @param operator who asks; when the request is authenticated, the principal's name is used instead (or, for a
 *                 principal with the role {@value TransactionController#ON_BEHALF_ROLE}, recorded as
 *                 {@code "<operator> via <principal>"})
 * @param reason   why; required to force a decision
 */
public record OperatorRequest(String operator, String reason) {
}
