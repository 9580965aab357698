package io.tandem.coordinator.record;

/**
 * A broker-channel attempt whose outcome became known, for metrics.
 *
 * @param answer    the outcome
 * @param latencyMs how long the answer took, or null
 */
public record AnsweredAttempt(CheckAnswer answer, Long latencyMs) {
}
