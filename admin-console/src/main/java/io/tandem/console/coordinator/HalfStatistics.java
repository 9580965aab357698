package io.tandem.console.coordinator;

/**
 * Counts of the coordinator's undecided halves ({@code GET /tandem/coordinator/halves/statistics}).
 *
 * @param pending           halves waiting for a check or a decision
 * @param parked            halves whose checks stopped until an operator acts
 * @param oldestUndecidedMs when the oldest undecided half was stored, or null
 */
public record HalfStatistics(long pending, long parked, Long oldestUndecidedMs) {
}
