package io.tandem.coordinator.record;

import java.util.List;

/**
 * What copying a page of broker decisions into the record changed.
 *
 * @param recorded the decisions new to the record
 * @param answered broker-channel attempts whose outcome these decisions settled
 */
public record AppliedDecisions(List<DecisionRecord> recorded, List<AnsweredAttempt> answered) {

    public AppliedDecisions {
        recorded = List.copyOf(recorded);
        answered = List.copyOf(answered);
    }
}
