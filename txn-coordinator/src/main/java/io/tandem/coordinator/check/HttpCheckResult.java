package io.tandem.coordinator.check;

import io.tandem.coordinator.record.CheckAnswer;

/**
 * The outcome of one HTTP check (all its retries).
 *
 * @param answer    COMMIT, ROLLBACK, UNKNOWN, FAILED, REJECTED (breaker open) or NO_ENDPOINT
 * @param target    the last URL asked, or the service id when none was found
 * @param error     what went wrong, or null
 * @param latencyMs time from the first request to the outcome
 */
public record HttpCheckResult(CheckAnswer answer, String target, String error, long latencyMs) {
}
