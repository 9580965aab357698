package io.tandem.coordinator.record;

import io.tandem.protocol.txn.Decision;
import io.tandem.protocol.txn.DecisionSource;

/**
 * A decision as read from a broker's TANDEM_HALF_DECISIONS, with what the broker still knows of the half it decided
 * (a half the coordinator never saw undecided is recorded from these).
 *
 * @param opOffset      the broker's offset of the decision record
 * @param halfOffset    the half it decided
 * @param decision      commit or rollback
 * @param source        who decided
 * @param transactionId the message's UNIQ_KEY
 * @param producerGroup the half's producer group
 * @param decidedAtMs   when the broker stored it (broker clock)
 * @param topic         the half's topic, or null when the broker no longer has the half
 * @param queueId       the half's queue, or null
 * @param keys          the half's KEYS, or null
 * @param storedAtMs    when the broker stored the half (broker clock), or null
 */
public record ObservedDecision(long opOffset, long halfOffset, Decision decision, DecisionSource source,
                               String transactionId, String producerGroup, long decidedAtMs, String topic,
                               Integer queueId, String keys, Long storedAtMs) {
}
