package io.tandem.coordinator.record;

/**
 * Counts over the whole record, for gauges.
 *
 * @param pending           PENDING halves
 * @param parked            PARKED halves
 * @param oldestUndecidedMs the earliest stored (or, when unknown, discovered) time of an undecided half, or null
 */
public record RecordStatistics(long pending, long parked, Long oldestUndecidedMs) {

    public static final RecordStatistics EMPTY = new RecordStatistics(0, 0, null);
}
