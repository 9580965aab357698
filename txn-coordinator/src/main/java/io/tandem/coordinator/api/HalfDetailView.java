package io.tandem.coordinator.api;

import io.tandem.coordinator.record.ActionRecord;
import io.tandem.coordinator.record.CheckAttempt;
import io.tandem.coordinator.record.DecisionRecord;

import java.util.List;

/**
 * A half's whole record: the half, every check attempt, the actions taken (with who, when and why) and its
 * decision.
 *
 * @param half     the half
 * @param attempts check attempts, oldest first
 * @param actions  resolve, park and resume requests, oldest first
 * @param decision the broker's decision as copied, or null while undecided
 */
public record HalfDetailView(HalfView half, List<CheckAttempt> attempts, List<ActionRecord> actions,
                             DecisionRecord decision) {
}
