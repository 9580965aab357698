package io.tandem.coordinator.record;

import io.tandem.protocol.txn.Decision;
import io.tandem.protocol.txn.DecisionSource;

/**
 * A decision as read from a broker's TANDEM_HALF_DECISIONS.
 *
 * @param opOffset      the broker's offset of the decision record
 * @param halfOffset    the half it decided
 * @param decision      commit or rollback
 * @param source        who decided
 * @param transactionId the message's UNIQ_KEY
 * @param producerGroup the half's producer group
 * @param decidedAtMs   when the broker stored it (broker clock)
 */
public record ObservedDecision(long opOffset, long halfOffset, Decision decision, DecisionSource source,
                               String transactionId, String producerGroup, long decidedAtMs) {
}
